import type { components } from "@kinerja/client";
import { GLOSSARY } from "@kinerja/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import { useState } from "preact/hooks";
import { api, ok } from "../api";
import { Chart } from "../Chart";
import { code, date, language, t } from "../i18n";
import { chosenPeriod, type Period, PeriodPicker, REFRESH_MS, usePeriod, usePeriods } from "../periods";
import { hasRole, session } from "../session";
import { Done, Field, Loading, Refusal, Section, useSignal } from "../ui";
import { Agency, Audit, Exports, StaffImport, useAgency, Webhooks } from "./HrAdmin";
import { GRADE_ORDER } from "./Supervisor";

type Event = components["schemas"]["PeriodTransition"]["event"];
type Cadence = keyof typeof GLOSSARY.cadence;
type OrgPredikat = keyof typeof GLOSSARY.organisationPredikat;

const EVENT_LABEL: Record<Event, { id: string; en: string }> = {
  START_PLANNING: { id: "Mulai perencanaan", en: "Start planning" },
  START_EXECUTION: { id: "Mulai pelaksanaan", en: "Start execution" },
  START_ASSESSMENT: { id: "Mulai penilaian", en: "Start assessment" },
  START_CALIBRATION: { id: "Mulai kalibrasi", en: "Start calibration" },
  CLOSE: { id: "Tutup periode", en: "Close the period" },
  REOPEN: { id: "Buka kembali", en: "Reopen" },
};

function Periods() {
  const lang = useSignal(language);
  const client = useQueryClient();
  const periods = usePeriods();
  const [name, setName] = useState("");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [cadence, setCadence] = useState<Cadence>("QUARTERLY");
  const refresh = () => void client.invalidateQueries({ queryKey: ["periods"] });
  const create = useMutation({
    mutationFn: () => ok(api().POST("/v1/periods", { body: { name: name.trim(), start, end, cadence } })),
    onSuccess: (created) => {
      // The new period becomes the one the HR pages work on.
      chosenPeriod.value = created.id;
      refresh();
    },
  });
  const move = useMutation({
    mutationFn: (args: { period: Period; event: Event }) =>
      ok(
        api().POST("/v1/periods/{periodId}/transitions", {
          params: { path: { periodId: args.period.id } },
          body: {
            event: args.event,
            version: args.period.version,
            ...(args.event === "REOPEN" ? { reason: "Koreksi" } : {}),
          },
        }),
      ),
    onSuccess: refresh,
  });
  return (
    <Section title={t("periods", lang)}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("name", lang)}</th>
            <th scope="col">{t("state", lang)}</th>
            <th scope="col">{t("start", lang)}</th>
            <th scope="col">{t("end", lang)}</th>
            <th scope="col">—</th>
          </tr>
        </thead>
        <tbody>
          {(periods.data ?? []).map((p) => (
            <tr key={p.id}>
              <td>{p.name ?? p.id}</td>
              <td>{code("periodState", p.state, lang)}</td>
              <td>{date(p.start, lang)}</td>
              <td>{date(p.end, lang)}</td>
              <td>
                {p.allowedEvents.map((event) => (
                  <button
                    key={event}
                    type="button"
                    onClick={() => move.mutate({ period: p, event })}
                    disabled={move.isPending}
                  >
                    {`${EVENT_LABEL[event][lang]}: ${p.name ?? p.id}`}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Refusal error={move.error ?? periods.error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <h3>{t("newPeriod", lang)}</h3>
        <div class="row">
          <Field label={t("name", lang)}>
            {(id) => (
              <input
                id={id}
                value={name}
                required
                onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <Field label={t("start", lang)}>
            {(id) => (
              <input
                id={id}
                type="date"
                required
                value={start}
                onInput={(e) => setStart((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <Field label={t("end", lang)}>
            {(id) => (
              <input
                id={id}
                type="date"
                required
                value={end}
                onInput={(e) => setEnd((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <Field label={t("cadence", lang)}>
            {(id) => (
              <select
                id={id}
                value={cadence}
                onChange={(e) => setCadence((e.currentTarget as HTMLSelectElement).value as Cadence)}
              >
                {(Object.keys(GLOSSARY.cadence) as Cadence[]).map((c) => (
                  <option key={c} value={c}>
                    {code("cadence", c, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <button type="submit" disabled={create.isPending}>
          {t("createPeriod", lang)}
        </button>
      </form>
      <Refusal error={create.error} />
    </Section>
  );
}

function Calibration(props: { period: Period }) {
  const lang = useSignal(language);
  const client = useQueryClient();
  const agency = useAgency();
  const units = (agency.data?.units ?? []).filter((u) => u.parentId !== undefined);
  const [unitId, setUnit] = useState("");
  const unit = unitId || units[0]?.id || "";
  const params = { path: { periodId: props.period.id, unitId: unit } };
  const board = useQuery({
    queryKey: ["calibration", props.period.id, unit],
    enabled: unit !== "",
    queryFn: () => ok(api().GET("/v1/periods/{periodId}/units/{unitId}/calibration", { params })),
    refetchInterval: REFRESH_MS,
  });
  const [predikat, setPredikat] = useState<OrgPredikat>("BAIK");
  const setOrg = useMutation({
    mutationFn: () =>
      ok(
        api().PUT("/v1/periods/{periodId}/units/{unitId}/organisation-result", {
          params,
          body: { predikat },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["calibration"] }),
  });
  const apply = useMutation({
    mutationFn: () =>
      ok(
        api().POST("/v1/periods/{periodId}/units/{unitId}/calibration/changes", {
          params,
          body: {
            changes: (board.data?.proposal?.changes ?? []).map((c) => ({
              employeeId: c.employeeId,
              to: c.to,
              reason: c.reason[lang],
            })),
          },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["calibration"] }),
  });
  const b = board.data;
  return (
    <Section title={t("calibration", lang)}>
      <Field label={t("orgUnit", lang)}>
        {(id) => (
          <select
            id={id}
            value={unit}
            onChange={(e) => setUnit((e.currentTarget as HTMLSelectElement).value)}
          >
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          setOrg.mutate();
        }}
      >
        <Field label={lang === "id" ? "Predikat kinerja organisasi" : "Organisation rating"}>
          {(id) => (
            <select
              id={id}
              value={predikat}
              onChange={(e) => setPredikat((e.currentTarget as HTMLSelectElement).value as OrgPredikat)}
            >
              {(Object.keys(GLOSSARY.organisationPredikat) as OrgPredikat[]).map((p) => (
                <option key={p} value={p}>
                  {code("organisationPredikat", p, lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" disabled={setOrg.isPending}>
          {t("save", lang)}
        </button>
      </form>
      {b ? (
        <>
          <p>
            {b.organisation ? `${code("organisationPredikat", b.organisation.predikat, lang)} · ` : ""}
            <strong>{b.violations.length === 0 ? t("withinBounds", lang) : t("outsideBounds", lang)}</strong>
          </p>
          <Chart
            bars
            caption={t("distribution", lang)}
            labels={GRADE_ORDER.map((g) => code("predikat", g, lang))}
            series={[
              { name: t("grade", lang), values: GRADE_ORDER.map((g) => b.counts[g] ?? 0), color: "#6a1b9a" },
            ]}
          />
          <ul>
            {b.violations.map((v) => (
              <li key={v.rule + String(v.grade)}>{v.message[lang]}</li>
            ))}
          </ul>
          {b.proposal && b.proposal.changes.length > 0 ? (
            <>
              <p>{b.proposal.order[lang]}</p>
              <ul>
                {b.proposal.changes.map((c) => (
                  <li
                    key={c.employeeId}
                  >{`${c.employeeId}: ${code("predikat", c.from, lang)} → ${code("predikat", c.to, lang)} (${c.reason[lang]})`}</li>
                ))}
              </ul>
              <button type="button" class="primary" onClick={() => apply.mutate()} disabled={apply.isPending}>
                {t("applyProposal", lang)}
              </button>
            </>
          ) : null}
        </>
      ) : null}
      {apply.isSuccess ? <Done>{t("saved", lang)}</Done> : null}
      <Refusal error={board.error ?? apply.error ?? setOrg.error} />
    </Section>
  );
}

/** The HR page: periods and transitions, calibration, staff import, audit log, exports, webhooks, agency. */
export function HrPage() {
  const lang = useSignal(language);
  const s = useSignal(session);
  const period = usePeriod();
  const hr = hasRole(s, "HR_ADMIN");
  if (period === undefined && usePeriods().isLoading) return <Loading />;
  return (
    <>
      <h1>{`${t(hr ? "hr" : "auditor", lang)}: ${s?.name ?? s?.sub ?? ""}`}</h1>
      <PeriodPicker />
      <p class="muted">{t("refreshNote", lang)}</p>
      {hr ? <Periods /> : null}
      {period && hr ? <Calibration period={period} /> : null}
      {hr ? <StaffImport /> : null}
      <Audit />
      {period && hr ? <Exports period={period} /> : null}
      {hr ? <Webhooks /> : null}
      <Agency editable={hr} />
    </>
  );
}
