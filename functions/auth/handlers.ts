import { describeAccount } from '../../shared/app/accounts/current-account';
import { login } from '../../shared/app/accounts/login';
import { confirmPasswordReset, requestPasswordReset } from '../../shared/app/accounts/password-reset';
import { findLiveSession, revokeSession } from '../../shared/app/accounts/sessions';
import { signSessionToken, verifySessionToken } from '../../shared/app/accounts/session-token';
import { publicBaseUrl } from '../../shared/config/app-config';
import { clearedSessionCookie, sessionCookie } from '../../shared/http/cookies';
import { defineRoute, type GroupHandlers } from '../../shared/http/route-handler';
import { loginBody, passwordResetConfirmBody, passwordResetRequestBody } from '../../shared/schemas/auth';

export const authHandlers: GroupHandlers = {
  'POST /api/auth/login': defineRoute({
    body: loginBody,
    run: async ({ body, runtime, orchestra, sourceIp }) => {
      const now = runtime.clock.now();
      const result = await login(runtime.control, {
        ...body,
        orchestraId: orchestra?.record.id ?? null,
        sourceIp,
        now,
        sessionHours: runtime.config.SESSION_HOURS,
      });
      const token = await signSessionToken(result, await runtime.sessionKey(), result.expiresAt);
      const session = (await findLiveSession(runtime.control, result.sessionId, now))!;
      return {
        body: describeAccount(session, orchestra?.record ?? null),
        cookies: [
          sessionCookie(token, {
            maxAgeSeconds: Math.floor((result.expiresAt.getTime() - now.getTime()) / 1000),
            secure: runtime.config.COOKIE_SECURE,
          }),
        ],
      };
    },
  }),

  'POST /api/auth/logout': defineRoute({
    run: async ({ runtime, sessionToken }) => {
      if (sessionToken) {
        const claims = await verifySessionToken(sessionToken, await runtime.sessionKey(), runtime.clock.now());
        if (claims) await revokeSession(runtime.control, claims.sessionId, runtime.clock.now());
      }
      return { status: 204, cookies: [clearedSessionCookie(runtime.config.COOKIE_SECURE)] };
    },
  }),

  'GET /api/auth/me': defineRoute({
    run: async ({ session, orchestra }) => ({ body: describeAccount(session!, orchestra?.record ?? null) }),
  }),

  'POST /api/auth/password-reset': defineRoute({
    body: passwordResetRequestBody,
    run: async ({ body, runtime, orchestra }) => {
      await requestPasswordReset(runtime.control, {
        email: body.email,
        orchestraId: orchestra?.record.id ?? null,
        baseUrl: publicBaseUrl(runtime.config, orchestra?.record.subdomain),
        now: runtime.clock.now(),
      });
      return { status: 202, body: { message: 'If an account exists for this address, a reset link is on its way.' } };
    },
  }),

  'POST /api/auth/password-reset/confirm': defineRoute({
    body: passwordResetConfirmBody,
    run: async ({ body, runtime, orchestra }) => {
      await confirmPasswordReset(runtime.control, {
        ...body,
        orchestraId: orchestra?.record.id ?? null,
        now: runtime.clock.now(),
      });
      return { body: { message: 'Your password is set. You can log in now.' } };
    },
  }),
};
