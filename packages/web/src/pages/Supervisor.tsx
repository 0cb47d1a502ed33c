import type { components } from "@kinerja/client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import { useState } from "preact/hooks";
import { api, baseUrl, ok } from "../api";
import { Chart } from "../Chart";
import { boundSentence } from "../distribution";
import { EvidenceList } from "../evidence-list";
import { code, date, language, t } from "../i18n";
import { type Period, PeriodPicker, REFRESH_MS, usePeriod } from "../periods";
import { session } from "../session";
import { Done, Field, Loading, Refusal, Section, useSignal } from "../ui";
import { RatingSelect } from "./Employee";

type WorkPlan = components["schemas"]["WorkPlanView"];
type Rating = "DI_ATAS_EKSPEKTASI" | "SESUAI_EKSPEKTASI" | "DI_BAWAH_EKSPEKTASI";
type Member = { id: string; name: string };

/** The grades of PermenPAN-RB 6/2022 in the order of the curve (the HR board's chart imports it from here). */
export { GRADE_ORDER } from "../distribution";

/** The signed-in superior's direct reports, with names. */
function useTeam(me: string) {
  return useQuery({
    queryKey: ["team", me],
    queryFn: async (): Promise<Member[]> => {
      const mine = await ok(api().GET("/v1/staff/{employeeId}", { params: { path: { employeeId: me } } }));
      return Promise.all(
        mine.directReports.map(async (id) => {
          const e = await ok(api().GET("/v1/staff/{employeeId}", { params: { path: { employeeId: id } } }));
          return { id, name: e.name ?? id };
        }),
      );
    },
    staleTime: 60_000,
  });
}

/** Approves a submitted plan (the one call site of the approve endpoint). */
function approvePlan(plan: WorkPlan, comment: string) {
  return ok(
    api().POST("/v1/work-plans/{workPlanId}/approve", {
      params: { path: { workPlanId: plan.id } },
      body: { version: plan.version, ...(comment.trim() ? { comment: comment.trim() } : {}) },
    }),
  );
}

function PlanReview(props: { plan: WorkPlan; name: string }) {
  const lang = useSignal(language);
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const done = () => void client.invalidateQueries({ queryKey: ["team-plans"] });
  const approve = useMutation({ mutationFn: () => approvePlan(props.plan, reason), onSuccess: done });
  const ret = useMutation({
    mutationFn: () =>
      ok(
        api().POST("/v1/work-plans/{workPlanId}/request-revision", {
          params: { path: { workPlanId: props.plan.id } },
          body: { reason: reason.trim(), version: props.plan.version },
        }),
      ),
    onSuccess: done,
  });
  return (
    <article class="review-card" aria-label={props.name}>
      <h3>{props.name}</h3>
      <ul>
        {props.plan.plan.results.map((r) => (
          <li key={r.id}>
            {`${r.description ?? r.id} (${code("resultKind", r.kind, lang)})`}
            <ul>
              {r.indicators.map((i) => (
                <li
                  key={i.id}
                >{`${i.description ?? code("aspect", i.aspect, lang)}: ${t("target", lang).toLowerCase()} ${
                  typeof i.target === "number" ? i.target : `${i.target.min}–${i.target.max}`
                } ${i.unit ?? ""}`}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <Field label={`${t("reason", lang)} / ${t("reviewComment", lang).toLowerCase()}`}>
        {(id) => (
          <input
            id={id}
            value={reason}
            onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
          />
        )}
      </Field>
      <p class="actions">
        <button type="button" class="primary" onClick={() => approve.mutate()} disabled={approve.isPending}>
          {t("approve", lang)}
        </button>
        <button type="button" onClick={() => ret.mutate()} disabled={ret.isPending || reason.trim() === ""}>
          {t("returnPlan", lang)}
        </button>
      </p>
      <Refusal error={approve.error ?? ret.error} />
    </article>
  );
}

function PeriodicFeedback(props: { period: Period; team: Member[] }) {
  const lang = useSignal(language);
  const [employeeId, setEmployee] = useState(props.team[0]?.id ?? "");
  const [subPeriod, setSub] = useState(props.period.subPeriods[0]?.key ?? "");
  const [text, setText] = useState("");
  const [rating, setRating] = useState("");
  const client = useQueryClient();
  const path = { periodId: props.period.id, employeeId };
  const given = useQuery({
    queryKey: ["periodic-feedback", props.period.id, employeeId],
    enabled: employeeId !== "",
    queryFn: async () =>
      (
        await ok(
          api().GET("/v1/periods/{periodId}/employees/{employeeId}/periodic-feedback", { params: { path } }),
        )
      ).items,
    refetchInterval: REFRESH_MS,
  });
  const give = useMutation({
    mutationFn: () =>
      ok(
        api().POST("/v1/periods/{periodId}/employees/{employeeId}/periodic-feedback", {
          params: { path },
          body: { subPeriod, text: text.trim(), ...(rating ? { resultRating: rating as Rating } : {}) },
        }),
      ),
    onSuccess: () => {
      setText("");
      void client.invalidateQueries({ queryKey: ["periodic-feedback", props.period.id, employeeId] });
    },
  });
  const subLabel = (key: string) => props.period.subPeriods.find((x) => x.key === key)?.label[lang] ?? key;
  return (
    <Section title={t("periodicFeedback", lang)}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          give.mutate();
        }}
      >
        <div class="row">
          <MemberSelect team={props.team} value={employeeId} onChange={setEmployee} />
          <Field label={t("subPeriod", lang)}>
            {(id) => (
              <select
                id={id}
                value={subPeriod}
                onChange={(e) => setSub((e.currentTarget as HTMLSelectElement).value)}
              >
                {props.period.subPeriods.map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.label[lang]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <RatingSelect label={t("resultRating", lang)} value={rating} onChange={setRating} optional />
        </div>
        <Field label={t("comments", lang)}>
          {(id) => (
            <textarea
              id={id}
              rows={2}
              required
              value={text}
              onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
        <button type="submit" disabled={give.isPending || text.trim() === ""}>
          {t("give", lang)}
        </button>
      </form>
      <Refusal error={give.error ?? given.error} />
      {give.isSuccess ? <Done>{t("saved", lang)}</Done> : null}
      <h3>{t("feedbackGiven", lang)}</h3>
      {(given.data ?? []).length === 0 ? <p class="muted">{t("noFeedbackReceived", lang)}</p> : null}
      <ul class="feedback-list" aria-label={t("feedbackGiven", lang)}>
        {(given.data ?? []).map((f) => (
          <li key={f.id} class="feedback-entry">
            <p>
              <strong>{subLabel(f.subPeriod)}</strong>
              {` · ${date(f.createdAt, lang)}`}
            </p>
            <p>{f.text}</p>
            <p class="muted">
              {f.acknowledgedAt
                ? `${t("acknowledged", lang)} · ${date(f.acknowledgedAt, lang)}`
                : t("notAcknowledged", lang)}
            </p>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function MemberSelect(props: {
  team: Member[];
  value: string;
  onChange: (id: string) => void;
  label?: string;
}) {
  const lang = useSignal(language);
  return (
    <Field label={props.label ?? t("employee", lang)}>
      {(id) => (
        <select
          id={id}
          value={props.value}
          onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
        >
          {props.team.map((m) => (
            <option key={m.id} value={m.id}>{`${m.name} (${m.id})`}</option>
          ))}
        </select>
      )}
    </Field>
  );
}

function FeedbackRounds(props: { period: Period; team: Member[] }) {
  const lang = useSignal(language);
  const [employeeId, setEmployee] = useState(props.team[0]?.id ?? "");
  const [raters, setRaters] = useState<string[]>([]);
  const [links, setLinks] = useState<string[]>([]);
  const path = { periodId: props.period.id };
  const ask = useMutation({
    mutationFn: () =>
      ok(
        api().POST("/v1/periods/{periodId}/feedback-requests", {
          params: { path },
          body: { employeeId, source: "PEER", raterIds: raters },
        }),
      ),
    onSuccess: () => setRaters([]),
  });
  const publicLinks = useMutation({
    mutationFn: async () => {
      const created = await ok(
        api().POST("/v1/periods/{periodId}/feedback-requests", {
          params: { path },
          body: { employeeId, source: "PUBLIC" },
        }),
      );
      const requestId = created.requests[0]!.id;
      const made = await ok(
        api().POST("/v1/feedback-requests/{requestId}/links", {
          params: { path: { requestId } },
          body: { count: 3, expiresInDays: 30 },
        }),
      );
      return made.links.map((l) => `${baseUrl}/f/${encodeURIComponent(l.path.split("/").pop() ?? "")}`);
    },
    onSuccess: setLinks,
  });
  const close = useMutation({
    mutationFn: (source: "PEER" | "PUBLIC") =>
      ok(
        api().POST("/v1/periods/{periodId}/employees/{employeeId}/feedback/{source}/close", {
          params: { path: { periodId: props.period.id, employeeId, source } },
          body: {},
        }),
      ),
  });
  const peers = props.team.filter((m) => m.id !== employeeId);
  return (
    <Section title={t("askFeedback", lang)}>
      <MemberSelect team={props.team} value={employeeId} onChange={setEmployee} />
      <fieldset>
        <legend>{t("raters", lang)}</legend>
        <div class="checks">
          {peers.map((m) => (
            <label key={m.id}>
              <input
                type="checkbox"
                checked={raters.includes(m.id)}
                onChange={(e) =>
                  setRaters(
                    (e.currentTarget as HTMLInputElement).checked
                      ? [...raters, m.id]
                      : raters.filter((r) => r !== m.id),
                  )
                }
              />{" "}
              {m.name}
            </label>
          ))}
        </div>
      </fieldset>
      <p class="actions">
        <button type="button" onClick={() => ask.mutate()} disabled={raters.length === 0 || ask.isPending}>
          {t("askFeedback", lang)}
        </button>
        <button type="button" onClick={() => publicLinks.mutate()} disabled={publicLinks.isPending}>
          {`${t("publicLinks", lang)}: ${t("makeLinks", lang).toLowerCase()}`}
        </button>
        <button type="button" onClick={() => close.mutate("PEER")} disabled={close.isPending}>
          {`${t("closeRound", lang)} (${code("source", "PEER", lang)})`}
        </button>
        <button type="button" onClick={() => close.mutate("PUBLIC")} disabled={close.isPending}>
          {`${t("closeRound", lang)} (${code("source", "PUBLIC", lang)})`}
        </button>
      </p>
      {ask.isSuccess ? <Done>{t("saved", lang)}</Done> : null}
      {close.isSuccess ? <Done>{t("saved", lang)}</Done> : null}
      {links.length > 0 ? (
        <ul class="links" aria-label={t("publicLinks", lang)}>
          {links.map((l) => (
            <li key={l}>
              <a href={l}>{l}</a>
            </li>
          ))}
        </ul>
      ) : null}
      <Refusal error={ask.error ?? publicLinks.error ?? close.error} />
    </Section>
  );
}

function AssessmentCard(props: { period: Period; member: Member }) {
  const lang = useSignal(language);
  const client = useQueryClient();
  const params = { path: { periodId: props.period.id, employeeId: props.member.id } };
  const current = useQuery({
    queryKey: ["assessment", props.period.id, props.member.id],
    queryFn: async () => {
      const { data, response } = await api().GET("/v1/periods/{periodId}/assessments/{employeeId}", {
        params,
      });
      return response.ok ? (data ?? null) : null;
    },
    refetchInterval: REFRESH_MS,
  });
  const preview = useQuery({
    queryKey: ["preview", props.period.id, props.member.id],
    queryFn: async () => {
      const { data, response } = await api().POST("/v1/periods/{periodId}/assessments/{employeeId}/preview", {
        params,
      });
      return response.ok ? (data ?? null) : null;
    },
  });
  const a = current.data;
  const suggested = preview.data?.result.ratings ?? {};
  // The rule package's suggestions (permenpanrb-6-2022: from capaian and the behaviour ratings given).
  const pick = (key: string) => (typeof suggested[key] === "string" ? (suggested[key] as string) : "");
  const suggestedResult = pick("suggestedResultRating");
  const suggestedBehaviour = pick("suggestedBehaviourRating");
  const [result, setResult] = useState<string | null>(null);
  const [behaviour, setBehaviour] = useState<string | null>(null);
  const [justification, setJustification] = useState<string | null>(null);
  const r = result ?? a?.resultRating ?? suggestedResult;
  const b = behaviour ?? a?.behaviourRating ?? suggestedBehaviour;
  const j = justification ?? a?.justification ?? "";
  const departs =
    (suggestedResult !== "" && r !== suggestedResult) ||
    (suggestedBehaviour !== "" && b !== suggestedBehaviour);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["assessment", props.period.id, props.member.id] });
    // The preview evaluates the stored draft: it has suggestions once a draft is saved.
    void client.invalidateQueries({ queryKey: ["preview", props.period.id, props.member.id] });
  };
  const save = useMutation({
    mutationFn: () =>
      ok(
        api().PUT("/v1/periods/{periodId}/assessments/{employeeId}", {
          params,
          body: {
            resultRating: (r || null) as Rating | null,
            behaviourRating: (b || null) as Rating | null,
            behaviour: {},
            ...(j.trim() ? { justification: j.trim() } : {}),
            ...(a ? { version: a.version } : {}),
          },
        }),
      ),
    onSuccess: refresh,
  });
  const finalise = useMutation({
    mutationFn: async () => {
      const saved = await save.mutateAsync();
      return ok(
        api().POST("/v1/periods/{periodId}/assessments/{employeeId}/finalise", {
          params,
          body: { version: saved.version },
        }),
      );
    },
    onSuccess: () => {
      refresh();
      void client.invalidateQueries({ queryKey: ["team-assessments"] });
    },
  });
  const final = a?.status === "FINAL";
  return (
    <article class="review-card" aria-label={props.member.name}>
      <h3>
        {props.member.name} <span class="muted">{final ? t("final", lang) : t("draft", lang)}</span>
      </h3>
      {preview.data ? (
        <p>
          {t("suggested", lang)}: {code("rating", suggestedResult || null, lang)} /{" "}
          {code("rating", suggestedBehaviour || null, lang)}
          {` → ${code("predikat", preview.data.result.grade, lang)}`}
        </p>
      ) : (
        <p class="muted">{t("suggestionAfterDraft", lang)}</p>
      )}
      {final ? (
        <p>
          {t("grade", lang)}: <strong>{code("predikat", a?.grade, lang)}</strong>
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <div class="row">
            <RatingSelect label={t("resultRating", lang)} value={r} onChange={setResult} />
            <RatingSelect label={t("behaviourRating", lang)} value={b} onChange={setBehaviour} />
          </div>
          <Field label={t("justification", lang)}>
            {(id) => (
              <textarea
                id={id}
                rows={2}
                required={departs}
                value={j}
                onInput={(e) => setJustification((e.currentTarget as HTMLTextAreaElement).value)}
              />
            )}
          </Field>
          <p class="actions">
            <button
              type="submit"
              disabled={save.isPending || finalise.isPending || (departs && j.trim() === "")}
            >
              {t("saveAssessment", lang)}
            </button>
            <button
              type="button"
              class="primary"
              onClick={() => finalise.mutate()}
              disabled={
                finalise.isPending || save.isPending || r === "" || b === "" || (departs && j.trim() === "")
              }
            >
              {t("finalise", lang)}
            </button>
          </p>
        </form>
      )}
      <Refusal error={save.error ?? finalise.error} />
    </article>
  );
}

/** Each member's realisations per sub-period, with their evidence (links and files). */
function TeamRealisations(props: { period: Period; plans: { plan: WorkPlan; member: Member }[] }) {
  const lang = useSignal(language);
  const { period } = props;
  // Realisations are recorded against an approved plan (or an amended one awaiting re-approval).
  const plans = props.plans.filter((p) => p.plan.state === "APPROVED" || p.plan.state === "SUBMITTED");
  const lists = useQuery({
    queryKey: ["team-realizations", plans.map((p) => p.plan.id).join(",")],
    enabled: plans.length > 0,
    queryFn: async () =>
      Object.fromEntries(
        await Promise.all(
          plans.map(
            async (p) =>
              [
                p.plan.id,
                (
                  await ok(
                    api().GET("/v1/work-plans/{workPlanId}/realizations", {
                      params: { path: { workPlanId: p.plan.id } },
                    }),
                  )
                ).items,
              ] as const,
          ),
        ),
      ),
    refetchInterval: REFRESH_MS,
  });
  const subLabel = (key: string) => period.subPeriods.find((x) => x.key === key)?.label[lang] ?? key;
  return (
    <Section title={t("teamRealisations", lang)}>
      {plans.length === 0 ? <p>{t("noRealisations", lang)}</p> : null}
      {plans.map(({ plan, member }) => {
        const items = lists.data?.[plan.id] ?? [];
        const indicators = plan.plan.results.flatMap((r) => r.indicators);
        const indicatorName = (id: string) => {
          const i = indicators.find((x) => x.id === id);
          return i ? (i.description ?? code("aspect", i.aspect, lang)) : id;
        };
        return (
          <article
            key={plan.id}
            class="review-card"
            aria-label={`${t("teamRealisations", lang)}: ${member.name}`}
          >
            <h3>{member.name}</h3>
            {items.length === 0 ? (
              <p class="muted">{t("noRealisations", lang)}</p>
            ) : (
              <table>
                <caption class="sr-only">{`${t("realisations", lang)}: ${member.name}`}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("subPeriod", lang)}</th>
                    <th scope="col">{t("indicator", lang)}</th>
                    <th scope="col">{t("value", lang)}</th>
                    <th scope="col">{t("evidence", lang)}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...items]
                    .sort((a, b) => a.subPeriod.localeCompare(b.subPeriod))
                    .map((r) => (
                      <tr key={r.id}>
                        <td>{subLabel(r.subPeriod)}</td>
                        <td>{indicatorName(r.indicatorId)}</td>
                        <td>{r.value}</td>
                        <td>
                          <EvidenceList workPlanId={plan.id} evidence={r.evidence} />
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            )}
          </article>
        );
      })}
      <Refusal error={lists.error} />
    </Section>
  );
}

/** The team's final grades against the curve of the unit's organisation predikat (SE 3/2023). */
function Distribution(props: { period: Period }) {
  const lang = useSignal(language);
  const view = useQuery({
    queryKey: ["team-distribution", props.period.id],
    queryFn: () =>
      ok(
        api().GET("/v1/periods/{periodId}/team/distribution", {
          params: { path: { periodId: props.period.id } },
        }),
      ),
    refetchInterval: REFRESH_MS,
  });
  const d = view.data;
  const counts = Object.entries(d?.counts ?? {});
  const grade = (g: string) => code("predikat", g, lang);
  return (
    <Section title={t("curve", lang)}>
      {d === undefined ? null : (
        <>
          {d.organisation ? (
            <p>
              {`${t("orgPredikat", lang)}: `}
              <strong>{code("organisationPredikat", d.organisation.predikat, lang)}</strong>
            </p>
          ) : (
            <p class="note">{t("noOrgPredikat", lang)}</p>
          )}
          <p class="muted">{`${t("finalResults", lang)}: ${d.members.length} · ${t("pendingResults", lang)}: ${d.pending.length}`}</p>
          {d.bounds.length > 0 ? (
            <ul class="bounds" aria-label={t("curve", lang)}>
              {d.bounds.map((b) => (
                <li key={b.rule} class={b.violated ? "violation" : "met"}>
                  <strong>{b.violated ? t("boundViolated", lang) : t("boundMet", lang)}:</strong>{" "}
                  {boundSentence(b, d.counts, grade, lang)}
                </li>
              ))}
            </ul>
          ) : null}
          {d.violations
            .filter((v) => !d.bounds.some((b) => b.rule === v.rule))
            .map((v) => (
              <p key={v.rule} class="violation">
                {v.message[lang]}
              </p>
            ))}
          {counts.length > 0 ? (
            <Chart
              bars
              caption={t("distribution", lang)}
              labels={counts.map(([g]) => grade(g))}
              series={[{ name: t("final", lang), values: counts.map(([, n]) => n), color: "#2f7d32" }]}
            />
          ) : null}
        </>
      )}
      <Refusal error={view.error} />
    </Section>
  );
}

/** The superior's page: plans to review, periodic feedback, feedback rounds, assessments, distribution. */
export function SupervisorPage() {
  const lang = useSignal(language);
  const s = useSignal(session);
  const me = s?.sub ?? "";
  const period = usePeriod();
  const team = useTeam(me);
  const plans = useQuery({
    queryKey: ["team-plans", period?.id, team.data?.map((m) => m.id).join(",")],
    enabled: period !== undefined && team.data !== undefined,
    queryFn: async () =>
      (
        await Promise.all(
          (team.data ?? []).map(async (m) => {
            const body = await ok(
              api().GET("/v1/work-plans", {
                params: { query: { periodId: period!.id, employeeId: m.id, limit: 10 } },
              }),
            );
            return body.items.map((plan) => ({ plan, member: m }));
          }),
        )
      ).flat(),
    refetchInterval: REFRESH_MS,
  });
  if (period === undefined || team.isLoading) return <Loading />;
  const members = team.data ?? [];
  const waiting = (plans.data ?? []).filter((p) => p.plan.state === "SUBMITTED");
  return (
    <>
      <h1>{`${t("teamBoard", lang)}: ${s?.name ?? me}`}</h1>
      <PeriodPicker />
      <p class="muted">{t("refreshNote", lang)}</p>
      <Refusal error={team.error ?? plans.error} />
      <Section title={t("team", lang)}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("name", lang)}</th>
              <th scope="col">
                {t("mySkp", lang)
                  .replace(/saya|My /i, "")
                  .trim() || "SKP"}
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const plan = plans.data?.find((p) => p.member.id === m.id)?.plan;
              return (
                <tr key={m.id}>
                  <td>{m.name}</td>
                  <td>{plan ? code("workPlanState", plan.state, lang) : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Section>
      <Section title={t("plansToReview", lang)}>
        {waiting.length === 0 ? <p>{t("nothingToReview", lang)}</p> : null}
        {waiting.map((p) => (
          <PlanReview key={`${p.plan.id}-${p.plan.version}`} plan={p.plan} name={p.member.name} />
        ))}
      </Section>
      {/* Keyed by period: their sub-period and member choices belong to the period shown. */}
      {members.length > 0 ? <PeriodicFeedback key={period.id} period={period} team={members} /> : null}
      {members.length > 0 ? <FeedbackRounds key={period.id} period={period} team={members} /> : null}
      {period.state === "ASSESSMENT" || period.state === "REOPENED" ? (
        <Section title={t("assessments", lang)}>
          {members.map((m) => (
            <AssessmentCard key={m.id} period={period} member={m} />
          ))}
        </Section>
      ) : null}
      <TeamRealisations period={period} plans={plans.data ?? []} />
      <Distribution period={period} />
    </>
  );
}
