import type { ComponentChildren } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import { refusalSentence } from "./errors";
import { language, t } from "./i18n";
import { type Signal, signal } from "./signal";

/** The value of a signal, re-rendering the component when it changes. */
export function useSignal<T>(s: Signal<T>): T {
  const [value, setValue] = useState(s.value);
  useEffect(() => {
    setValue(s.value);
    return s.subscribe(setValue);
  }, [s]);
  return value;
}

/** The page path (the app routes in the browser; the service answers index.html for any page path). */
export const route = signal(globalThis.location?.pathname ?? "/");
globalThis.addEventListener?.("popstate", () => {
  route.value = location.pathname;
});

/** Goes to a page path without a reload. */
export function navigate(path: string): void {
  if (location.pathname !== path) history.pushState(null, "", path);
  route.value = path;
}

/** A titled section of a page. */
export function Section(props: { title: string; children: ComponentChildren; id?: string }) {
  const id = useId();
  return (
    <section aria-labelledby={id} class="card" {...(props.id ? { id: props.id } : {})}>
      <h2 id={id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** A refusal or failure as a sentence saying what to do (announced to screen readers). */
export function Refusal(props: { error: unknown }) {
  const lang = useSignal(language);
  if (props.error === null || props.error === undefined) return null;
  return (
    <p role="alert" class="refusal">
      {refusalSentence(props.error, lang)}
    </p>
  );
}

/** A short confirmation (announced politely). */
export function Done(props: { children: ComponentChildren }) {
  return (
    <p role="status" class="done">
      {props.children}
    </p>
  );
}

/** A labelled field: the label above the control, with an optional hint and problem. */
export function Field(props: {
  label: string;
  children: (id: string, describedBy: string | undefined) => ComponentChildren;
  problem?: string | undefined;
}) {
  const id = useId();
  const problemId = `${id}-problem`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.children(id, props.problem ? problemId : undefined)}
      {props.problem ? (
        <span id={problemId} class="problem">
          {props.problem}
        </span>
      ) : null}
    </div>
  );
}

/** A loading line while a query has no data yet. */
export function Loading() {
  useSignal(language);
  return <p aria-busy="true">{t("loading")}</p>;
}
