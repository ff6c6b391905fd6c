import SetPasswordPage from './set-password';

/** The invitation link's page: the same form as a reset, with a welcome. */
export default function InvitationPage() {
  return <SetPasswordPage invitation />;
}
