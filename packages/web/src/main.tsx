import { QueryClient, QueryClientProvider } from "@tanstack/preact-query";
import { render } from "preact";
import { ApiError } from "./errors";
import { language, t } from "./i18n";
import { CitizenPage } from "./pages/Citizen";
import { EmployeePage } from "./pages/Employee";
import { HrPage } from "./pages/Hr";
import { SignInPage } from "./pages/SignIn";
import { SupervisorPage } from "./pages/Supervisor";
import { hasRole, type Session, session, signOut } from "./session";
import { navigate, route, useSignal } from "./ui";
import "./styles.css";

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal is not retried (it would be refused again); a network failure is, twice.
      retry: (count, error) => !(error instanceof ApiError) && count < 2,
      refetchOnWindowFocus: true,
      // "Real time" holds for a page that is open but not focused too (a board on a second
      // screen, a tab beside another person's): polling does not pause with the focus.
      refetchIntervalInBackground: true,
      staleTime: 5_000,
    },
  },
});

/** The pages a session may open, in the order of the navigation. */
export function pagesFor(s: Session | null): { path: string; label: "employee" | "supervisor" | "hr" }[] {
  if (s === null) return [];
  const pages: { path: string; label: "employee" | "supervisor" | "hr" }[] = [];
  if (hasRole(s, "EMPLOYEE", "SUPERVISOR")) pages.push({ path: "/employee", label: "employee" });
  if (hasRole(s, "EMPLOYEE", "SUPERVISOR", "SUPERVISOR_OF_SUPERVISOR"))
    pages.push({ path: "/supervisor", label: "supervisor" });
  if (hasRole(s, "HR_ADMIN", "AUDITOR")) pages.push({ path: "/hr", label: "hr" });
  return pages;
}

function Header() {
  const lang = useSignal(language);
  const s = useSignal(session);
  const path = useSignal(route);
  return (
    <header class="top">
      <a class="skip" href="#main">
        {t("skip", lang)}
      </a>
      <span class="brand">{t("appName", lang)}</span>
      <nav aria-label="Menu">
        {pagesFor(s).map((p) => (
          <a
            key={p.path}
            href={p.path}
            aria-current={path === p.path ? "page" : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(p.path);
            }}
          >
            {t(p.label, lang)}
          </a>
        ))}
      </nav>
      <span class="tools">
        <button
          type="button"
          aria-label={t("languageSwitch", lang)}
          lang={lang === "id" ? "en" : "id"}
          onClick={() => {
            language.value = lang === "id" ? "en" : "id";
          }}
        >
          {t("language", lang)}
        </button>
        {s ? (
          <button
            type="button"
            onClick={() => {
              signOut();
              queries.clear();
              navigate("/");
            }}
          >
            {`${t("signOut", lang)} (${s.name ?? s.sub})`}
          </button>
        ) : null}
      </span>
    </header>
  );
}

function Page() {
  const path = useSignal(route);
  const s = useSignal(session);
  useSignal(language);
  if (path.startsWith("/f/")) return <CitizenPage token={decodeURIComponent(path.slice(3))} />;
  if (s === null || path === "/") return <SignInPage />;
  if (path === "/employee") return <EmployeePage />;
  if (path === "/supervisor") return <SupervisorPage />;
  if (path === "/hr") return <HrPage />;
  const first = pagesFor(s)[0];
  if (first) queueMicrotask(() => navigate(first.path));
  return <SignInPage />;
}

function App() {
  const path = useSignal(route);
  return (
    <QueryClientProvider client={queries}>
      {path.startsWith("/f/") ? null : <Header />}
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
    </QueryClientProvider>
  );
}

document.documentElement.lang = language.value;
render(<App />, document.getElementById("app") as HTMLElement);
