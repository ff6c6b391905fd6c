import { Router, type RouteSectionProps } from '@solidjs/router';
import { AppHeader } from './components/app-header';
import { routes } from './routes';

function Layout(props: RouteSectionProps) {
  return (
    <>
      <AppHeader />
      {props.children}
    </>
  );
}

export function App() {
  return <Router root={Layout}>{routes}</Router>;
}
