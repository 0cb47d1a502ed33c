import type { components } from "@kinerja/client";
import { type Aspect, GLOSSARY } from "@kinerja/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ok } from "../api";
import { Chart } from "../Chart";
import { evidenceFileProblem, uploadEvidence } from "../evidence";
import { EvidenceList } from "../evidence-list";
import { code, date, language, t } from "../i18n";
import { type Period, PeriodPicker, REFRESH_MS, usePeriod } from "../periods";
import { draftsOf, evidenceProblem, freshId, planFromDrafts, type ResultDraft } from "../plan-form";
import { progressOver } from "../progress";
import { session } from "../session";
import { Done, Field, Loading, Refusal, Section, useSignal } from "../ui";

type WorkPlan = components["schemas"]["WorkPlanView"];
type Rating = "DI_ATAS_EKSPEKTASI" | "SESUAI_EKSPEKTASI" | "DI_BAWAH_EKSPEKTASI";
const RATINGS = Object.keys(GLOSSARY.rating) as Rating[];
const ASPECTS = Object.keys(GLOSSARY.aspect) as Aspect[];

/** The signed-in employee's work plan for a period (null: none yet). */
export function useMyPlan(periodId: string | undefined, employeeId: string) {
  return useQuery({
    queryKey: ["plans", periodId, employeeId],
    enabled: periodId !== undefined,
    queryFn: async () => {
      const body = await ok(
        api().GET("/v1/work-plans", { params: { query: { periodId: periodId!, employeeId, limit: 10 } } }),
      );
      return body.items[0] ?? null;
    },
    refetchInterval: REFRESH_MS,
  });
}

/** A rating picker (the glossary's labels). */
export function RatingSelect(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  optional?: boolean;
}) {
  const lang = useSignal(language);
  return (
    <Field label={props.label}>
      {(id) => (
        <select
          id={id}
          value={props.value}
          onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{props.optional ? t("none", lang) : "—"}</option>
          {RATINGS.map((r) => (
            <option key={r} value={r}>
              {code("rating", r, lang)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function PlanEditor(props: { period: Period; plan: WorkPlan | null; me: string }) {
  const lang = useSignal(language);
  const client = useQueryClient();
  const { plan, period, me } = props;
  const stem = period.start.slice(0, 4);
  const [results, setResults] = useState<ResultDraft[]>(() => (plan ? draftsOf(plan.plan) : []));
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState("");
  useEffect(() => {
    setResults(plan ? draftsOf(plan.plan) : []);
  }, [plan?.id, plan?.version]);

  const superior = useQuery({
    queryKey: ["superior-results", period.id, me],
    queryFn: async () => {
      const mine = await ok(api().GET("/v1/staff/{employeeId}", { params: { path: { employeeId: me } } }));
      if (!mine.supervisorId) return [];
      const theirs = await ok(
        api().GET("/v1/work-plans", {
          params: { query: { periodId: period.id, employeeId: mine.supervisorId, limit: 10 } },
        }),
      ).catch(() => ({ items: [] as WorkPlan[] }));
      return theirs.items[0]?.plan.results ?? [];
    },
    staleTime: 60_000,
  });

  const { plan: built, problems } = planFromDrafts(results);
  const editable = plan === null || plan.allowedEvents.includes("EDIT");
  const refresh = () => client.invalidateQueries({ queryKey: ["plans"] });
  // The newest stored version this form knows: from the list, or from its own last save (which
  // the list may not show yet), so that save-then-submit never sends a stale version.
  const latest = useRef<WorkPlan | null>(plan);
  if (plan !== null && (latest.current === null || plan.version > latest.current.version))
    latest.current = plan;
  const save = useMutation({
    mutationFn: async () => {
      const stored = latest.current;
      const saved =
        stored === null
          ? await ok(api().POST("/v1/work-plans", { body: { periodId: period.id, plan: built } }))
          : await ok(
              api().PUT("/v1/work-plans/{workPlanId}", {
                params: { path: { workPlanId: stored.id } },
                body: { plan: built, version: stored.version },
              }),
            );
      latest.current = saved;
      return saved;
    },
    onMutate: () => setMessage(""),
    onSuccess: () => {
      setMessage(t("saved", lang));
      void refresh();
    },
  });
  const submit = useMutation({
    mutationFn: async () => {
      const saved = await save.mutateAsync();
      return ok(
        api().POST("/v1/work-plans/{workPlanId}/submit", {
          params: { path: { workPlanId: saved.id } },
          body: { version: saved.version },
        }),
      );
    },
    onSuccess: () => {
      setMessage(code("workPlanState", "SUBMITTED", lang));
      void refresh();
    },
  });
  const amend = useMutation({
    mutationFn: async () =>
      ok(
        api().POST("/v1/work-plans/{workPlanId}/amendments", {
          params: { path: { workPlanId: latest.current!.id } },
          body: { plan: built, reason, version: latest.current!.version },
        }),
      ),
    onSuccess: () => {
      setReason("");
      setMessage(t("saved", lang));
      void refresh();
    },
  });

  // One write at a time: a submit while a save is under way would send the version before it.
  const busy = save.isPending || submit.isPending || amend.isPending;
  const update = (fn: (draft: ResultDraft[]) => void) => {
    const next = structuredClone(results);
    fn(next);
    setResults(next);
  };
  const problemAt = (field: string) => problems.find((p) => p.field === field)?.message;
  const amendable = plan?.allowedEvents.includes("AMEND") ?? false;
  const canEdit = editable || amendable;

  return (
    <Section title={t("mySkp", lang)}>
      {plan ? (
        <p>
          {t("state", lang)}:{" "}
          <strong class={`state state-${plan.state}`}>{code("workPlanState", plan.state, lang)}</strong>
        </p>
      ) : (
        <p>{t("noPlan", lang)}</p>
      )}
      {plan?.review?.reason || plan?.review?.comment ? (
        <p class="review">
          <strong>{t("reviewComment", lang)}:</strong> {plan.review.reason ?? plan.review.comment}
        </p>
      ) : null}
      {results.map((r, ri) => (
        <fieldset key={r.id} class="result" disabled={!canEdit}>
          <legend>{`${t("result", lang)} ${ri + 1}`}</legend>
          <Field label={t("description", lang)}>
            {(id) => (
              <input
                id={id}
                value={r.description}
                onInput={(e) =>
                  update((d) => (d[ri]!.description = (e.currentTarget as HTMLInputElement).value))
                }
              />
            )}
          </Field>
          <div class="row">
            <Field label={t("kind", lang)}>
              {(id) => (
                <select
                  id={id}
                  value={r.kind}
                  onChange={(e) =>
                    update(
                      (d) =>
                        (d[ri]!.kind = (e.currentTarget as HTMLSelectElement).value as ResultDraft["kind"]),
                    )
                  }
                >
                  {(["UTAMA", "TAMBAHAN"] as const).map((k) => (
                    <option key={k} value={k}>
                      {code("resultKind", k, lang)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("parentResult", lang)}>
              {(id) => (
                <select
                  id={id}
                  value={r.parentResultId}
                  onChange={(e) =>
                    update((d) => (d[ri]!.parentResultId = (e.currentTarget as HTMLSelectElement).value))
                  }
                >
                  <option value="">{t("none", lang)}</option>
                  {(superior.data ?? []).map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.description ?? p.id}
                    </option>
                  ))}
                  {r.parentResultId && !(superior.data ?? []).some((p) => p.id === r.parentResultId) ? (
                    <option value={r.parentResultId}>{r.parentResultId}</option>
                  ) : null}
                </select>
              )}
            </Field>
          </div>
          {r.indicators.map((ind, ii) => (
            <div class="indicator" key={ind.id}>
              <Field label={`${t("indicator", lang)} ${ri + 1}.${ii + 1}`}>
                {(id) => (
                  <input
                    id={id}
                    value={ind.description}
                    onInput={(e) =>
                      update(
                        (d) =>
                          (d[ri]!.indicators[ii]!.description = (e.currentTarget as HTMLInputElement).value),
                      )
                    }
                  />
                )}
              </Field>
              <div class="row">
                <Field label={t("aspect", lang)}>
                  {(id) => (
                    <select
                      id={id}
                      value={ind.aspect}
                      onChange={(e) =>
                        update(
                          (d) =>
                            (d[ri]!.indicators[ii]!.aspect = (e.currentTarget as HTMLSelectElement)
                              .value as Aspect),
                        )
                      }
                    >
                      {ASPECTS.map((a) => (
                        <option key={a} value={a}>
                          {code("aspect", a, lang)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t("target", lang)} problem={problemAt(`results.${ri}.indicators.${ii}.target`)}>
                  {(id, described) => (
                    <input
                      id={id}
                      inputMode="decimal"
                      aria-describedby={described}
                      aria-invalid={described ? "true" : undefined}
                      value={ind.target}
                      onInput={(e) =>
                        update(
                          (d) =>
                            (d[ri]!.indicators[ii]!.target = (e.currentTarget as HTMLInputElement).value),
                        )
                      }
                    />
                  )}
                </Field>
                <Field label={t("unit", lang)}>
                  {(id) => (
                    <input
                      id={id}
                      value={ind.unit}
                      onInput={(e) =>
                        update(
                          (d) => (d[ri]!.indicators[ii]!.unit = (e.currentTarget as HTMLInputElement).value),
                        )
                      }
                    />
                  )}
                </Field>
              </div>
              <button
                type="button"
                class="link"
                onClick={() => update((d) => d[ri]!.indicators.splice(ii, 1))}
              >
                {`${t("remove", lang)} ${t("indicator", lang).toLowerCase()} ${ri + 1}.${ii + 1}`}
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              update((d) =>
                d[ri]!.indicators.push({
                  id: freshId(d, "i", `${stem}-${me}`),
                  description: "",
                  aspect: "KUANTITAS",
                  target: "",
                  unit: "",
                }),
              )
            }
          >
            {t("addIndicator", lang)}
          </button>{" "}
          <button type="button" class="link" onClick={() => update((d) => d.splice(ri, 1))}>
            {`${t("remove", lang)} ${t("result", lang).toLowerCase()} ${ri + 1}`}
          </button>
        </fieldset>
      ))}
      {canEdit ? (
        <p>
          <button
            type="button"
            onClick={() =>
              update((d) =>
                d.push({
                  id: freshId(d, "r", `${stem}-${me}`),
                  description: "",
                  kind: "UTAMA",
                  parentResultId: "",
                  indicators: [
                    {
                      id: freshId(d, "i", `${stem}-${me}`),
                      description: "",
                      aspect: "KUANTITAS",
                      target: "",
                      unit: "",
                    },
                  ],
                }),
              )
            }
          >
            {plan === null && results.length === 0 ? t("startPlan", lang) : t("addResult", lang)}
          </button>
        </p>
      ) : null}
      {problems.length > 0 && results.length > 0 ? (
        <div class="problems">
          <h3>{t("problems", lang)}</h3>
          <ul>
            {problems.map((p) => (
              <li key={`${p.field}-${p.message}`}>{p.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {editable && results.length > 0 ? (
        <p class="actions">
          <button type="button" onClick={() => save.mutate()} disabled={busy}>
            {t("saveDraft", lang)}
          </button>
          <button
            type="button"
            class="primary"
            onClick={() => submit.mutate()}
            disabled={
              busy ||
              problems.length > 0 ||
              !(plan === null || plan.allowedEvents.includes("SUBMIT") || plan.allowedEvents.includes("EDIT"))
            }
          >
            {t("submit", lang)}
          </button>
        </p>
      ) : null}
      {amendable ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            amend.mutate();
          }}
        >
          <Field label={t("amendReason", lang)}>
            {(id) => (
              <input
                id={id}
                value={reason}
                required
                onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <button type="submit" disabled={reason.trim() === "" || amend.isPending}>
            {t("amend", lang)}
          </button>
        </form>
      ) : null}
      <Refusal error={save.error ?? submit.error ?? amend.error} />
      {message && !save.error && !submit.error && !amend.error ? <Done>{message}</Done> : null}
    </Section>
  );
}

function Realisations(props: { period: Period; plan: WorkPlan }) {
  const lang = useSignal(language);
  const client = useQueryClient();
  const { plan, period } = props;
  const indicators = plan.plan.results.flatMap((r) => r.indicators);
  const list = useQuery({
    queryKey: ["realizations", plan.id],
    queryFn: async () =>
      (
        await ok(
          api().GET("/v1/work-plans/{workPlanId}/realizations", {
            params: { path: { workPlanId: plan.id } },
          }),
        )
      ).items,
    refetchInterval: REFRESH_MS,
  });
  const [indicatorId, setIndicator] = useState(indicators[0]?.id ?? "");
  const [subPeriod, setSubPeriod] = useState(period.subPeriods[0]?.key ?? "");
  const [value, setValue] = useState("");
  const [url, setUrl] = useState("");
  const [note, setNote] = useState("");
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input after a save.
  const [fileKey, setFileKey] = useState(0);
  const evidence = url.trim() === "" ? null : evidenceProblem(url, note);
  const fileProblem = file === null ? null : evidenceFileProblem(file, lang);
  const record = useMutation({
    mutationFn: async () => {
      const existing = list.data?.find((r) => r.indicatorId === indicatorId && r.subPeriod === subPeriod);
      // Uploaded files stay with the realisation; a new link replaces the links given before.
      const kept = (existing?.evidence ?? []).filter((e) => e.fileId !== undefined || url.trim() === "");
      const recorded = await ok(
        api().POST("/v1/work-plans/{workPlanId}/realizations", {
          params: { path: { workPlanId: plan.id } },
          body: {
            indicatorId,
            subPeriod,
            value: Number(value.replace(",", ".")),
            evidence: [
              ...kept,
              ...(url.trim()
                ? [
                    {
                      kind: "LINK" as const,
                      url: url.trim(),
                      ...(note.trim() ? { description: note.trim() } : {}),
                    },
                  ]
                : []),
            ],
            ...(existing ? { version: existing.version } : {}),
          },
        }),
      );
      if (file !== null) await uploadEvidence(plan.id, recorded.id, file, note.trim() || undefined);
      return recorded;
    },
    onSuccess: () => {
      setValue("");
      setUrl("");
      setNote("");
      setFile(null);
      setFileKey((k) => k + 1);
    },
    // The list shows what was stored even when the upload after the record was refused.
    onSettled: () => void client.invalidateQueries({ queryKey: ["realizations", plan.id] }),
  });
  const points = progressOver(
    plan.plan,
    list.data ?? [],
    period.subPeriods.map((s) => s.key),
  );
  const subLabel = (key: string) => period.subPeriods.find((s) => s.key === key)?.label[lang] ?? key;
  const indicatorName = (id: string) => {
    const i = indicators.find((x) => x.id === id);
    return i ? `${i.description ?? code("aspect", i.aspect, lang)} (${code("aspect", i.aspect, lang)})` : id;
  };
  return (
    <>
      <Section title={t("realisations", lang)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            record.mutate();
          }}
        >
          <div class="row">
            <Field label={t("indicator", lang)}>
              {(id) => (
                <select
                  id={id}
                  value={indicatorId}
                  onChange={(e) => setIndicator((e.currentTarget as HTMLSelectElement).value)}
                >
                  {indicators.map((i) => (
                    <option key={i.id} value={i.id}>
                      {indicatorName(i.id)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("subPeriod", lang)}>
              {(id) => (
                <select
                  id={id}
                  value={subPeriod}
                  onChange={(e) => setSubPeriod((e.currentTarget as HTMLSelectElement).value)}
                >
                  {period.subPeriods.map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.label[lang]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("value", lang)}>
              {(id) => (
                <input
                  id={id}
                  inputMode="decimal"
                  required
                  value={value}
                  onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
                />
              )}
            </Field>
          </div>
          <div class="row">
            <Field label={t("evidenceUrl", lang)} problem={evidence ?? undefined}>
              {(id, described) => (
                <input
                  id={id}
                  type="url"
                  aria-describedby={described}
                  value={url}
                  onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
                />
              )}
            </Field>
            <Field label={t("evidenceNote", lang)}>
              {(id) => (
                <input
                  id={id}
                  value={note}
                  onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)}
                />
              )}
            </Field>
          </div>
          <Field label={t("evidenceFile", lang)} problem={fileProblem ?? undefined}>
            {(id, described) => (
              <input
                key={fileKey}
                id={id}
                type="file"
                accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
                aria-describedby={described}
                aria-invalid={described ? "true" : undefined}
                onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
              />
            )}
          </Field>
          <button
            type="submit"
            class="primary"
            disabled={record.isPending || value.trim() === "" || evidence !== null || fileProblem !== null}
          >
            {t("record", lang)}
          </button>
        </form>
        <Refusal error={record.error ?? list.error} />
        {record.isSuccess ? <Done>{t("uploaded", lang)}</Done> : null}
        <table>
          <caption class="sr-only">{t("realisations", lang)}</caption>
          <thead>
            <tr>
              <th scope="col">{t("indicator", lang)}</th>
              <th scope="col">{t("subPeriod", lang)}</th>
              <th scope="col">{t("value", lang)}</th>
              <th scope="col">{t("evidence", lang)}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((r) => (
              <tr key={r.id}>
                <td>{indicatorName(r.indicatorId)}</td>
                <td>{subLabel(r.subPeriod)}</td>
                <td>{r.value}</td>
                <td>
                  <EvidenceList workPlanId={plan.id} evidence={r.evidence} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={t("progress", lang)}>
        <Chart
          caption={`${t("capaian", lang)} (%)`}
          labels={points.map((p) => subLabel(p.subPeriod))}
          series={[
            { name: `${t("capaian", lang)} (%)`, values: points.map((p) => p.capaian), color: "#0b5cad" },
          ]}
        />
      </Section>
    </>
  );
}

/** The superior's periodic feedback to the signed-in employee, each entry acknowledgeable once. */
function FeedbackReceived(props: { period: Period; me: string }) {
  const lang = useSignal(language);
  const client = useQueryClient();
  const { period, me } = props;
  const path = { periodId: period.id, employeeId: me };
  const entries = useQuery({
    queryKey: ["periodic-feedback", period.id, me],
    queryFn: async () =>
      (
        await ok(
          api().GET("/v1/periods/{periodId}/employees/{employeeId}/periodic-feedback", { params: { path } }),
        )
      ).items,
    refetchInterval: REFRESH_MS,
  });
  const acknowledge = useMutation({
    mutationFn: (entry: { id: string; version: number }) =>
      ok(
        api().POST(
          "/v1/periods/{periodId}/employees/{employeeId}/periodic-feedback/{feedbackId}/acknowledge",
          {
            params: { path: { ...path, feedbackId: entry.id } },
            body: { version: entry.version },
          },
        ),
      ),
    onSettled: () => void client.invalidateQueries({ queryKey: ["periodic-feedback", period.id, me] }),
  });
  const subLabel = (key: string) => period.subPeriods.find((s) => s.key === key)?.label[lang] ?? key;
  const items = entries.data ?? [];
  return (
    <Section title={t("feedbackReceived", lang)}>
      {entries.isLoading ? <Loading /> : null}
      {!entries.isLoading && items.length === 0 ? <p>{t("noFeedbackReceived", lang)}</p> : null}
      <ul class="feedback-list">
        {items.map((f) => (
          <li key={f.id} class="feedback-entry">
            <p>
              <strong>{subLabel(f.subPeriod)}</strong>
              {` · ${t("from", lang)} ${f.authorId} · ${date(f.createdAt, lang)}`}
            </p>
            <p>{f.text}</p>
            {f.resultRating || f.behaviourRating ? (
              <p class="muted">
                {f.resultRating ? `${t("resultRating", lang)}: ${code("rating", f.resultRating, lang)}` : ""}
                {f.resultRating && f.behaviourRating ? " · " : ""}
                {f.behaviourRating
                  ? `${t("behaviourRating", lang)}: ${code("rating", f.behaviourRating, lang)}`
                  : ""}
              </p>
            ) : null}
            {f.acknowledgedAt ? (
              <p class="muted">{`${t("acknowledged", lang)} · ${date(f.acknowledgedAt, lang)}`}</p>
            ) : (
              <p>
                <span class="muted">{t("notAcknowledged", lang)}</span>{" "}
                <button
                  type="button"
                  aria-label={`${t("acknowledge", lang)}: ${subLabel(f.subPeriod)}, ${date(f.createdAt, lang)}`}
                  onClick={() => acknowledge.mutate({ id: f.id, version: f.version })}
                  disabled={acknowledge.isPending}
                >
                  {t("acknowledge", lang)}
                </button>
              </p>
            )}
          </li>
        ))}
      </ul>
      <Refusal error={acknowledge.error ?? entries.error} />
    </Section>
  );
}

function FeedbackToGive() {
  const lang = useSignal(language);
  const client = useQueryClient();
  const assigned = useQuery({
    queryKey: ["assigned"],
    queryFn: async () =>
      (await ok(api().GET("/v1/feedback-requests/assigned", { params: { query: { state: "OPEN" } } }))).items,
    refetchInterval: REFRESH_MS,
  });
  const [answers, setAnswers] = useState<Record<string, { result: string; behaviour: string }>>({});
  const answer = useMutation({
    mutationFn: async (requestId: string) => {
      const a = answers[requestId] ?? { result: "", behaviour: "" };
      return ok(
        api().POST("/v1/feedback-requests/{requestId}/answers", {
          params: { path: { requestId } },
          body: {
            ...(a.result ? { resultRating: a.result as Rating } : {}),
            ...(a.behaviour ? { behaviourRating: a.behaviour as Rating } : {}),
            behaviour: {},
          },
        }),
      );
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ["assigned"] }),
  });
  // A request the rater answered stays in the round until it closes: only unanswered ones are asked.
  const items = (assigned.data ?? []).filter((r) => r.answered !== true);
  return (
    <Section title={t("feedbackToGive", lang)}>
      <p class="note">{t("anonymous", lang)}</p>
      {items.length === 0 ? <p>{t("noFeedbackToGive", lang)}</p> : null}
      {items.map((r) => {
        const a = answers[r.id] ?? { result: "", behaviour: "" };
        const set = (patch: Partial<typeof a>) => setAnswers({ ...answers, [r.id]: { ...a, ...patch } });
        return (
          <form
            key={r.id}
            class="feedback"
            aria-label={`${t("aboutColleague", lang)} ${r.employeeId}`}
            onSubmit={(e) => {
              e.preventDefault();
              answer.mutate(r.id);
            }}
          >
            <p>
              <strong>{`${t("aboutColleague", lang)}: ${r.employeeId}`}</strong> ·{" "}
              {code("source", r.source, lang)}
            </p>
            <div class="row">
              <RatingSelect
                label={t("resultRating", lang)}
                value={a.result}
                onChange={(v) => set({ result: v })}
              />
              <RatingSelect
                label={t("behaviourRating", lang)}
                value={a.behaviour}
                onChange={(v) => set({ behaviour: v })}
              />
            </div>
            <button type="submit" class="primary" disabled={answer.isPending || (!a.result && !a.behaviour)}>
              {t("send", lang)}
            </button>
          </form>
        );
      })}
      {answer.isSuccess ? <Done>{t("thanks", lang)}</Done> : null}
      <Refusal error={answer.error ?? assigned.error} />
    </Section>
  );
}

function SelfAssessment(props: { period: Period; me: string }) {
  const lang = useSignal(language);
  const { period, me } = props;
  const current = useQuery({
    queryKey: ["self", period.id, me],
    queryFn: async () => {
      const { data, response } = await api().GET(
        "/v1/periods/{periodId}/employees/{employeeId}/self-assessment",
        {
          params: { path: { periodId: period.id, employeeId: me } },
        },
      );
      return response.status === 404 ? null : (data ?? null);
    },
  });
  const [result, setResult] = useState("");
  const [behaviour, setBehaviour] = useState("");
  const [comments, setComments] = useState("");
  useEffect(() => {
    if (current.data) {
      setResult(current.data.resultRating ?? "");
      setBehaviour(current.data.behaviourRating ?? "");
      setComments(current.data.comments ?? "");
    }
  }, [current.data?.version]);
  const save = useMutation({
    mutationFn: async () =>
      ok(
        api().PUT("/v1/periods/{periodId}/employees/{employeeId}/self-assessment", {
          params: { path: { periodId: period.id, employeeId: me } },
          body: {
            resultRating: (result || null) as Rating | null,
            behaviourRating: (behaviour || null) as Rating | null,
            ...(comments.trim() ? { comments: comments.trim() } : {}),
            ...(current.data ? { version: current.data.version } : {}),
          },
        }),
      ),
    onSuccess: () => void current.refetch(),
  });
  return (
    <Section title={t("selfAssessment", lang)}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div class="row">
          <RatingSelect label={t("resultRating", lang)} value={result} onChange={setResult} optional />
          <RatingSelect
            label={t("behaviourRating", lang)}
            value={behaviour}
            onChange={setBehaviour}
            optional
          />
        </div>
        <Field label={t("comments", lang)}>
          {(id) => (
            <textarea
              id={id}
              rows={2}
              value={comments}
              onInput={(e) => setComments((e.currentTarget as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
        <button type="submit" disabled={save.isPending}>
          {`${t("save", lang)} ${t("selfAssessment", lang).toLowerCase()}`}
        </button>
      </form>
      <Refusal error={save.error} />
      {save.isSuccess ? <Done>{t("saved", lang)}</Done> : null}
    </Section>
  );
}

/** The final result with its explanation (plain Indonesian or English) and legal basis, and the follow-up. */
export function MyResult(props: { period: Period; employeeId: string }) {
  const lang = useSignal(language);
  const { period, employeeId } = props;
  const explanation = useQuery({
    queryKey: ["explanation", period.id, employeeId],
    queryFn: async () => {
      const { data, response } = await api().GET(
        "/v1/periods/{periodId}/assessments/{employeeId}/explanation",
        {
          params: { path: { periodId: period.id, employeeId } },
        },
      );
      return response.ok ? (data ?? null) : null;
    },
    refetchInterval: REFRESH_MS,
  });
  const followUp = useQuery({
    queryKey: ["follow-up", period.id, employeeId],
    enabled: explanation.data?.basis === "FINAL",
    queryFn: async () => {
      const { data, response } = await api().GET("/v1/periods/{periodId}/employees/{employeeId}/follow-up", {
        params: { path: { periodId: period.id, employeeId } },
      });
      return response.ok ? (data ?? null) : null;
    },
  });
  const e = explanation.data;
  return (
    <Section title={t("myResult", lang)}>
      {e?.basis !== "FINAL" ? (
        <p>{t("noResult", lang)}</p>
      ) : (
        <>
          <p class="grade">
            {t("grade", lang)}: <strong>{code("predikat", e.grade, lang)}</strong>
          </p>
          {e.calibration.map((c) => (
            <p
              key={c.at}
            >{`${code("predikat", c.from, lang)} → ${code("predikat", c.to, lang)}: ${c.reason}`}</p>
          ))}
          <ol class="explanation">
            {e.explanation.map((step) => (
              <li key={step.rule}>
                <strong>{step.title?.[lang] ?? step.rule}</strong>
                <p>{step.text?.[lang]}</p>
                <p class="muted">
                  {t("legalBasis", lang)}: {step.legalBasis}
                </p>
              </li>
            ))}
          </ol>
          {followUp.data && followUp.data.consequences.length > 0 ? (
            <>
              <h3>{t("followUp", lang)}</h3>
              <ul>
                {followUp.data.consequences.map((c) => (
                  <li key={c.kind}>
                    {c.label?.[lang] ?? c.kind}
                    {c.legalBasis ? <span class="muted">{` (${c.legalBasis})`}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </Section>
  );
}

/** The employee's page: my SKP, realisations and progress, feedback to give, self-assessment, my result. */
export function EmployeePage() {
  const lang = useSignal(language);
  const s = useSignal(session);
  const period = usePeriod();
  const me = s?.sub ?? "";
  const plan = useMyPlan(period?.id, me);
  return (
    <>
      <h1>{`${t("employee", lang)}: ${s?.name ?? me}`}</h1>
      <PeriodPicker />
      <p class="muted">{t("refreshNote", lang)}</p>
      {period === undefined || plan.isLoading ? (
        <Loading />
      ) : (
        <>
          <Refusal error={plan.error} />
          <PlanEditor key={period.id} period={period} plan={plan.data ?? null} me={me} />
          {plan.data?.state === "APPROVED" ? (
            <Realisations key={plan.data.id} period={period} plan={plan.data} />
          ) : null}
          <FeedbackReceived key={period.id} period={period} me={me} />
          <FeedbackToGive />
          <SelfAssessment period={period} me={me} />
          <MyResult period={period} employeeId={me} />
          <p class="muted">{`${t("period", lang)}: ${date(period.start, lang)} – ${date(period.end, lang)}`}</p>
        </>
      )}
    </>
  );
}
