import { useQuery } from "@tanstack/preact-query";
import { useState } from "preact/hooks";
import { type DemoPersona, demoPersonas, demoToken } from "../api";
import { language, t } from "../i18n";
import { signIn } from "../session";
import { Field, navigate, Refusal, Section, useSignal } from "../ui";

const HOME: Record<DemoPersona["key"], string> = {
  employee: "/employee",
  supervisor: "/supervisor",
  hr: "/hr",
  auditor: "/hr",
  staff: "/employee",
};

/** Sign-in: the demo persona picker when the service runs with --demo, and always a pasted token. */
export function SignInPage() {
  const lang = useSignal(language);
  const personas = useQuery({ queryKey: ["demo-personas"], queryFn: demoPersonas, staleTime: Infinity });
  const [error, setError] = useState<unknown>(null);
  const [other, setOther] = useState("");
  const [pasted, setPasted] = useState("");

  const as = async (persona: DemoPersona) => {
    setError(null);
    try {
      signIn(await demoToken(persona.id), persona.name);
      navigate(HOME[persona.key]);
    } catch (e) {
      setError(e);
    }
  };
  const featured = personas.data?.filter((p) => p.key !== "staff") ?? [];
  const others = personas.data?.filter((p) => p.key === "staff") ?? [];
  return (
    <>
      <h1>{t("signIn", lang)}</h1>
      <Refusal error={error} />
      {personas.data ? (
        <Section title={t("pickPersona", lang)}>
          <p class="note">{t("demoNote", lang)}</p>
          <ul class="personas">
            {featured.map((p) => (
              <li key={p.id}>
                <button type="button" class="persona" onClick={() => void as(p)}>
                  <strong>{t(p.key === "hr" ? "hr" : p.key === "staff" ? "employee" : p.key, lang)}</strong>
                  <span>{p.name}</span>
                  <span class="muted">{p.id}</span>
                </button>
              </li>
            ))}
          </ul>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const persona = others.find((p) => p.id === other);
              if (persona) void as(persona);
            }}
          >
            <Field label={t("otherStaff", lang)}>
              {(id) => (
                <select
                  id={id}
                  value={other}
                  onChange={(e) => setOther((e.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="">—</option>
                  {others.map((p) => (
                    <option key={p.id} value={p.id}>{`${p.name} (${p.unitId}, ${p.id})`}</option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit" disabled={other === ""}>
              {t("signInAs", lang)}
            </button>
          </form>
        </Section>
      ) : null}
      <Section title={t("pasteToken", lang)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            try {
              const s = signIn(pasted);
              setPasted("");
              navigate(s.roles.includes("HR_ADMIN") || s.roles.includes("AUDITOR") ? "/hr" : "/employee");
            } catch (failure) {
              setError(failure);
            }
          }}
        >
          <Field label={t("token", lang)}>
            {(id) => (
              <textarea
                id={id}
                rows={3}
                autoComplete="off"
                spellcheck={false}
                value={pasted}
                onInput={(e) => setPasted((e.currentTarget as HTMLTextAreaElement).value)}
              />
            )}
          </Field>
          <button type="submit" disabled={pasted.trim() === ""}>
            {t("signIn", lang)}
          </button>
        </form>
      </Section>
    </>
  );
}
