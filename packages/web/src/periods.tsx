import type { components } from "@kinerja/client";
import { useQuery } from "@tanstack/preact-query";
import { useEffect } from "preact/hooks";
import { api, ok } from "./api";
import { code, date, language, t } from "./i18n";
import { signal } from "./signal";
import { Field, useSignal } from "./ui";

/** A period as the service returns it. */
export type Period = components["schemas"]["PeriodView"];

/** Every page polls at least this often, so a change by anyone shows within 30 s. */
export const REFRESH_MS = 15_000;

/** The chosen period id (shared by the pages of the tab). */
export const chosenPeriod = signal<string | null>(
  globalThis.sessionStorage?.getItem("kinerja.period") ?? null,
);
chosenPeriod.subscribe((id) => {
  if (id) globalThis.sessionStorage?.setItem("kinerja.period", id);
});

/** The agency's periods, newest first. */
export function usePeriods() {
  return useQuery({
    queryKey: ["periods"],
    queryFn: async () => {
      const body = await ok(api().GET("/v1/periods", { params: { query: { limit: 100 } } }));
      return [...body.items].sort((a, b) => b.start.localeCompare(a.start));
    },
    refetchInterval: REFRESH_MS,
  });
}

/**
 * The chosen period, or else the newest one that is not closed, which then stays chosen: a period
 * does not change under the reader when it closes (its result is what they come to read).
 */
export function usePeriod(): Period | undefined {
  const periods = usePeriods().data;
  const id = useSignal(chosenPeriod);
  const period =
    periods?.find((p) => p.id === id) ?? periods?.find((p) => p.state !== "CLOSED") ?? periods?.[0];
  useEffect(() => {
    // Only a first pick is kept: a chosen period the list does not show yet (just created) stays chosen.
    if (period !== undefined && id === null) chosenPeriod.value = period.id;
  }, [period?.id, id]);
  return period;
}

/** The period picker shown at the top of the signed-in pages. */
export function PeriodPicker() {
  const lang = useSignal(language);
  const periods = usePeriods().data ?? [];
  const current = usePeriod();
  return (
    <Field label={t("period", lang)}>
      {(id) => (
        <select
          id={id}
          value={current?.id ?? ""}
          onChange={(e) => {
            chosenPeriod.value = (e.currentTarget as HTMLSelectElement).value;
          }}
        >
          {periods.map((p) => (
            <option key={p.id} value={p.id}>
              {`${p.name ?? p.id} · ${code("periodState", p.state, lang)} · ${date(p.start, lang)} – ${date(p.end, lang)}`}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
