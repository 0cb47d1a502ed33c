import type { components } from "@kinerja/client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import { useState } from "preact/hooks";
import { api, ok } from "../api";
import {
  type AuditFilters,
  auditActionLabel,
  auditQuery,
  deliveryAnswer,
  moveTargets,
  NO_AUDIT_FILTERS,
  parseConfig,
  progressLine,
  readWithProgress,
  subjectLabel,
  type TransferProgress,
  unitIdFor,
  unitTree,
} from "../hr";
import { AUDIT_SUBJECTS, date, language, t } from "../i18n";
import { Pager, usePagedList } from "../paged-list";
import type { Period } from "../periods";
import { REFRESH_MS } from "../periods";
import { session } from "../session";
import { refusalOf, saveFile, uploadCsv } from "../transfer";
import { Done, Field, Refusal, Section, useSignal } from "../ui";

/**
 * The HR page's administration sections: the agency (name, units, rule package), staff import
 * and exports with their progress, the audit log with filters and pages, and webhooks with their
 * deliveries. Every list polls every {@link REFRESH_MS}.
 */

type AgencyView = components["schemas"]["AgencyView"];
type Unit = AgencyView["units"][number];
type Delivery = components["schemas"]["WebhookDelivery"];
type ImportReport = components["schemas"]["StaffImportReport"];

const inputValue = (e: Event) => (e.currentTarget as HTMLInputElement).value;

/** The signed-in user's agency, refreshed like every list. */
export function useAgency() {
  const s = useSignal(session);
  return useQuery({
    queryKey: ["agency", s?.agency],
    queryFn: () => ok(api().GET("/v1/agencies/{agencyId}", { params: { path: { agencyId: s!.agency } } })),
    refetchInterval: REFRESH_MS,
  });
}

function AgencyName(props: { agency: AgencyView }) {
  const lang = useSignal(language);
  const client = useQueryClient();
  const [name, setName] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      ok(
        api().PATCH("/v1/agencies/{agencyId}", {
          params: { path: { agencyId: props.agency.id } },
          body: { name: (name ?? props.agency.name).trim(), version: props.agency.version },
        }),
      ),
    onSuccess: (view) => {
      client.setQueryData(["agency", view.id], view);
      setName(null);
    },
  });
  return (
    <form
      class="row"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Field label={t("hrAgencyName", lang)}>
        {(id) => (
          <input
            id={id}
            required
            maxLength={200}
            value={name ?? props.agency.name}
            onInput={(e) => setName(inputValue(e))}
          />
        )}
      </Field>
      <button type="submit" disabled={save.isPending}>
        {t("hrSaveName", lang)}
      </button>
      {save.isSuccess ? <Done>{t("saved", lang)}</Done> : null}
      <Refusal error={save.error} />
    </form>
  );
}

function ParentSelect(props: {
  id: string;
  units: readonly Unit[];
  value: string;
  onChange: (value: string) => void;
}) {
  const lang = useSignal(language);
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(inputValue(e))}>
      <option value="">{t("hrTopLevel", lang)}</option>
      {props.units.map((u) => (
        <option key={u.id} value={u.id}>
          {u.name}
        </option>
      ))}
    </select>
  );
}

function Units(props: { agency: AgencyView; editable: boolean }) {
  const lang = useSignal(language);
  const client = useQueryClient();
  const units = props.agency.units;
  const [editing, setEditing] = useState<{ id: string; name: string; parentId: string } | null>(null);
  const [newName, setNewName] = useState("");
  const [newParent, setNewParent] = useState("");
  const upsert = useMutation({
    mutationFn: (unit: Unit) =>
      ok(
        api().POST("/v1/agencies/{agencyId}/units", {
          params: { path: { agencyId: props.agency.id } },
          body: { units: [unit] },
        }),
      ),
    onSuccess: (view) => {
      client.setQueryData(["agency", view.id], view);
      setEditing(null);
      setNewName("");
    },
  });
  const byId = new Map(units.map((u) => [u.id, u]));
  const unitFrom = (base: Unit | undefined, id: string, name: string, parentId: string): Unit => ({
    id,
    name: name.trim(),
    ...(parentId ? { parentId } : {}),
    ...(base?.headId ? { headId: base.headId } : {}),
  });
  return (
    <>
      <h3>{t("hrUnits", lang)}</h3>
      <ul class="plain units">
        {unitTree(units).map(({ unit, depth }) => (
          <li key={unit.id} style={{ paddingInlineStart: `${depth * 1.25}rem` }}>
            {editing?.id === unit.id ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  upsert.mutate(unitFrom(unit, unit.id, editing.name, editing.parentId));
                }}
              >
                <Field label={t("hrUnitName", lang)}>
                  {(id) => (
                    <input
                      id={id}
                      required
                      maxLength={200}
                      value={editing.name}
                      onInput={(e) => setEditing({ ...editing, name: inputValue(e) })}
                    />
                  )}
                </Field>
                <Field label={t("hrParentUnit", lang)}>
                  {(id) => (
                    <ParentSelect
                      id={id}
                      units={moveTargets(units, unit.id)}
                      value={editing.parentId}
                      onChange={(parentId) => setEditing({ ...editing, parentId })}
                    />
                  )}
                </Field>
                <p class="actions">
                  <button type="submit" class="primary" disabled={upsert.isPending}>
                    {t("hrSaveUnit", lang)}
                  </button>
                  <button type="button" onClick={() => setEditing(null)}>
                    {t("hrCancel", lang)}
                  </button>
                </p>
              </form>
            ) : (
              <>
                <strong>{unit.name}</strong>
                <span class="muted">
                  {` · ${t("hrParentUnit", lang)}: ${unit.parentId ? (byId.get(unit.parentId)?.name ?? unit.parentId) : "—"}`}
                  {unit.headId ? ` · ${t("hrHead", lang)}: ${unit.headId}` : ""}
                </span>
                {props.editable ? (
                  <button
                    type="button"
                    class="link-button"
                    aria-label={`${t("hrEdit", lang)}: ${unit.name}`}
                    onClick={() =>
                      setEditing({ id: unit.id, name: unit.name, parentId: unit.parentId ?? "" })
                    }
                  >
                    {t("hrEdit", lang)}
                  </button>
                ) : null}
              </>
            )}
          </li>
        ))}
      </ul>
      {props.editable ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const id = unitIdFor(
              newName,
              units.map((u) => u.id),
            );
            upsert.mutate(unitFrom(undefined, id, newName, newParent));
          }}
        >
          <h4>{t("hrNewUnit", lang)}</h4>
          <div class="row">
            <Field label={t("hrUnitName", lang)}>
              {(id) => (
                <input
                  id={id}
                  required
                  maxLength={200}
                  value={newName}
                  onInput={(e) => setNewName(inputValue(e))}
                />
              )}
            </Field>
            <Field label={t("hrParentUnit", lang)}>
              {(id) => <ParentSelect id={id} units={units} value={newParent} onChange={setNewParent} />}
            </Field>
          </div>
          <button type="submit" disabled={upsert.isPending}>
            {t("hrAddUnit", lang)}
          </button>
        </form>
      ) : null}
      {upsert.isSuccess ? <Done>{t("saved", lang)}</Done> : null}
      <Refusal error={upsert.error} />
    </>
  );
}

function RulePackage(props: { agency: AgencyView; editable: boolean }) {
  const lang = useSignal(language);
  const client = useQueryClient();
  const packages = useQuery({
    queryKey: ["rule-packages"],
    queryFn: async () => (await ok(api().GET("/v1/rule-packages", {}))).items,
    staleTime: 5 * 60_000,
  });
  const current = props.agency.rulePackage;
  const currentKey = current ? `${current.id}@${current.version}` : "";
  const [choice, setChoice] = useState<string | null>(null);
  const [configText, setConfigText] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ id: string; en: string } | null>(null);
  const key = choice ?? currentKey;
  const chosen = (packages.data ?? []).find((p) => `${p.id}@${p.version}` === key);
  const shownConfig =
    configText ?? (choice === null && current ? JSON.stringify(current.config, null, 2) : "");
  const save = useMutation({
    mutationFn: (config: Record<string, unknown>) =>
      ok(
        api().PUT("/v1/agencies/{agencyId}/rule-package", {
          params: { path: { agencyId: props.agency.id } },
          headers: { "if-match": `"${props.agency.version}"` },
          body: { id: chosen!.id, version: chosen!.version, config },
        }),
      ),
    onSuccess: (view) => {
      client.setQueryData(["agency", view.id], view);
      setChoice(null);
      setConfigText(null);
    },
  });
  const currentInfo = (packages.data ?? []).find((p) => `${p.id}@${p.version}` === currentKey);
  return (
    <>
      <h3>{t("hrRulePackage", lang)}</h3>
      <p>
        {current
          ? `${t("hrCurrentPackage", lang)}: ${currentInfo ? currentInfo.title[lang] : current.id} (${current.id}@${current.version})`
          : t("hrNoPackage", lang)}
      </p>
      {currentInfo ? (
        <p class="muted">{`${t("legalBasis", lang)}: ${currentInfo.legalBasis.join("; ")}`}</p>
      ) : null}
      {props.editable ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const parsed = parseConfig(shownConfig);
            if ("problem" in parsed) {
              setProblem(parsed.problem);
              return;
            }
            setProblem(null);
            save.mutate(parsed.config);
          }}
        >
          <Field label={t("hrRulePackage", lang)}>
            {(id) => (
              <select
                id={id}
                value={key}
                required
                onChange={(e) => {
                  setChoice(inputValue(e));
                  setConfigText(null);
                }}
              >
                {current ? null : <option value="">—</option>}
                {(packages.data ?? []).map((p) => (
                  <option key={`${p.id}@${p.version}`} value={`${p.id}@${p.version}`}>
                    {`${p.title[lang]} (${p.id}@${p.version})`}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("hrConfig", lang)} problem={problem ? problem[lang] : undefined}>
            {(id, describedBy) => (
              <textarea
                id={id}
                rows={6}
                spellcheck={false}
                value={shownConfig}
                aria-invalid={problem ? "true" : undefined}
                aria-describedby={describedBy}
                onInput={(e) => setConfigText((e.currentTarget as HTMLTextAreaElement).value)}
              />
            )}
          </Field>
          <p class="actions">
            <button
              type="button"
              disabled={chosen === undefined}
              onClick={() => setConfigText(JSON.stringify(chosen?.defaultConfig ?? {}, null, 2))}
            >
              {t("hrUseDefaults", lang)}
            </button>
            <button type="submit" class="primary" disabled={chosen === undefined || save.isPending}>
              {t("hrSavePackage", lang)}
            </button>
          </p>
          <p class="muted">{t("hrPackagePinned", lang)}</p>
        </form>
      ) : null}
      {save.isSuccess ? <Done>{t("saved", lang)}</Done> : null}
      <Refusal error={save.error ?? packages.error} />
    </>
  );
}

/** The agency: its name, units and rule package, editable by HR (an auditor reads them). */
export function Agency(props: { editable: boolean }) {
  const lang = useSignal(language);
  const agency = useAgency();
  const a = agency.data;
  return (
    <Section title={t("agency", lang)} id="agency">
      {a ? (
        <>
          {props.editable ? (
            <AgencyName agency={a} />
          ) : (
            <p>
              <strong>{a.name}</strong>
            </p>
          )}
          <Units agency={a} editable={props.editable} />
          <RulePackage agency={a} editable={props.editable} />
        </>
      ) : null}
      <Refusal error={agency.error} />
    </Section>
  );
}

/** Staff import from a CSV file: check first, then import the valid rows, with upload progress. */
export function StaffImport() {
  const lang = useSignal(language);
  const [csv, setCsv] = useState("");
  const [progress, setProgress] = useState<TransferProgress | null>(null);
  const run = useMutation({
    mutationFn: async (dryRun: boolean): Promise<ImportReport> => {
      const query = `mode=accept-valid${dryRun ? "&dryRun=true" : ""}`;
      const { status, body } = await uploadCsv(`/v1/staff/import?${query}`, csv, setProgress);
      const report = (
        status >= 200 && status < 300
          ? body
          : (body as { details?: { report?: unknown } } | null)?.details?.report
      ) as ImportReport | undefined;
      if (report && Array.isArray(report.accepted)) return report;
      throw refusalOf(status, body);
    },
    onSettled: () => setProgress(null),
  });
  const report = run.data;
  return (
    <Section title={t("staffImport", lang)} id="staff-import">
      <Field label="CSV (nip,name,positionKind,structural,functionalLevel,isUnitHead,unitId,unitName,supervisorId)">
        {(id) => (
          <input
            id={id}
            type="file"
            accept=".csv,text/csv"
            onChange={async (e) =>
              setCsv((await (e.currentTarget as HTMLInputElement).files?.[0]?.text()) ?? "")
            }
          />
        )}
      </Field>
      <p class="actions">
        <button type="button" onClick={() => run.mutate(true)} disabled={csv === "" || run.isPending}>
          {lang === "id" ? "Periksa dulu" : "Check first"}
        </button>
        <button
          type="button"
          class="primary"
          onClick={() => run.mutate(false)}
          disabled={csv === "" || run.isPending}
        >
          {lang === "id" ? "Impor baris yang benar" : "Import the valid rows"}
        </button>
      </p>
      <Progress progress={progress} busy={run.isPending} label={t("staffImport", lang)} />
      {report && !run.isPending ? (
        <div role="status">
          <p>{`${report.accepted.length} ${lang === "id" ? "baris diterima" : "rows accepted"}, ${report.rejected.length} ${lang === "id" ? "ditolak" : "rejected"}${report.dryRun ? (lang === "id" ? " (pemeriksaan, belum disimpan)" : " (check only, nothing saved)") : ""}`}</p>
          <ul>
            {report.rejected.map((r) => (
              <li
                key={r.row}
              >{`${lang === "id" ? "Baris" : "Row"} ${r.line ?? r.row}: ${r.reasons.map((x) => `${x.path}: ${x.message}`).join("; ")}`}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Refusal error={run.error} />
    </Section>
  );
}

/** A transfer's progress: a bar with its percentage when the total is known, and a line in words. */
function Progress(props: { progress: TransferProgress | null; busy: boolean; label: string }) {
  const lang = useSignal(language);
  const p = props.progress;
  if (!props.busy || p === null) return null;
  const known = p.total !== undefined && p.total > 0 && p.phase !== "server";
  return (
    <div aria-busy="true">
      <progress
        aria-label={props.label}
        {...(known ? { max: p.total, value: Math.min(p.loaded, p.total ?? 0) } : {})}
      />
      <p role="status">{progressLine(p, lang)}</p>
    </div>
  );
}

/** Exports (results and SIASN as CSV), downloaded with their progress. */
export function Exports(props: { period: Period }) {
  const lang = useSignal(language);
  const [progress, setProgress] = useState<TransferProgress | null>(null);
  const [last, setLast] = useState<TransferProgress | null>(null);
  const download = useMutation({
    mutationFn: async (kind: "results" | "siasn") => {
      const path =
        kind === "results"
          ? "/v1/periods/{periodId}/exports/results"
          : "/v1/periods/{periodId}/exports/siasn";
      const { data, error, response } = await api().GET(path, {
        params: { path: { periodId: props.period.id }, query: { format: "csv" } as never },
        parseAs: "stream",
      });
      if (!response.ok) await ok(Promise.resolve({ data, error, response }));
      const blob = await readWithProgress(response, (p) => {
        setProgress(p);
        if (p.phase === "done") setLast(p);
      });
      saveFile(blob, `${kind}-${props.period.id}.csv`);
      return kind;
    },
    onMutate: () => {
      setLast(null);
      setProgress({ phase: "download", loaded: 0 });
    },
    onSettled: () => setProgress(null),
  });
  return (
    <Section title={t("exports", lang)} id="exports">
      <p class="actions">
        <button type="button" onClick={() => download.mutate("results")} disabled={download.isPending}>
          {lang === "id" ? "Unduh hasil (CSV)" : "Download results (CSV)"}
        </button>
        <button type="button" onClick={() => download.mutate("siasn")} disabled={download.isPending}>
          {lang === "id" ? "Unduh SIASN (CSV)" : "Download SIASN (CSV)"}
        </button>
      </p>
      <Progress progress={progress} busy={download.isPending} label={t("exports", lang)} />
      {download.isSuccess && last ? <Done>{progressLine(last, lang)}</Done> : null}
      <Refusal error={download.error} />
    </Section>
  );
}

const ACTION_PREFIXES = [
  "agency.",
  "unit.",
  "staff.",
  "employee.",
  "period.",
  "work_plan.",
  "realization.",
  "selfAssessment.",
  "periodicFeedback.",
  "feedback.",
  "assessment.",
  "organisation_result.",
  "export_mapping.",
  "webhook.",
] as const;

const PAGE_SIZE = 20;

/** The audit log: filters (actor, event type, subject, days) and pages by `?cursor=`, newest first. */
export function Audit() {
  const lang = useSignal(language);
  const [draft, setDraft] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const [problem, setProblem] = useState<{ id: string; en: string } | null>(null);
  const log = usePagedList(["audit", filters], async (cursor) => {
    const built = auditQuery(filters, PAGE_SIZE, cursor);
    if ("problem" in built) return { items: [], nextCursor: null };
    return ok(api().GET("/v1/audit", { params: { query: built.query } }));
  });
  const set = (key: keyof AuditFilters) => (e: Event) => setDraft({ ...draft, [key]: inputValue(e) });
  const apply = (next: AuditFilters) => {
    const built = auditQuery(next, PAGE_SIZE);
    if ("problem" in built) {
      setProblem(built.problem.message);
      return;
    }
    setProblem(null);
    setFilters(next);
    log.reset();
  };
  return (
    <Section title={t("audit", lang)} id="audit">
      <form
        aria-label={t("hrFiltersOf", lang)}
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <div class="row">
          <Field label={t("hrActor", lang)}>
            {(id) => <input id={id} value={draft.actorId} maxLength={64} onInput={set("actorId")} />}
          </Field>
          <Field label={t("hrEventType", lang)}>
            {(id) => (
              <select id={id} value={draft.action} onChange={set("action")}>
                <option value="">{t("hrAll", lang)}</option>
                {ACTION_PREFIXES.map((prefix) => (
                  <option key={prefix} value={prefix}>
                    {subjectLabel(prefix.slice(0, -1), lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("hrSubjectKind", lang)}>
            {(id) => (
              <select id={id} value={draft.entityType} onChange={set("entityType")}>
                <option value="">{t("hrAll", lang)}</option>
                {(Object.keys(AUDIT_SUBJECTS) as (keyof typeof AUDIT_SUBJECTS)[])
                  .filter((k) => k !== "staff" && k !== "feedback" && k !== "webhook")
                  .map((k) => (
                    <option key={k} value={k}>
                      {AUDIT_SUBJECTS[k][lang]}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field label={t("hrSubjectId", lang)}>
            {(id) => <input id={id} value={draft.entityId} maxLength={200} onInput={set("entityId")} />}
          </Field>
          <Field label={t("hrFromDay", lang)}>
            {(id) => <input id={id} type="date" value={draft.from} onInput={set("from")} />}
          </Field>
          <Field label={t("hrToDay", lang)} problem={problem ? problem[lang] : undefined}>
            {(id, describedBy) => (
              <input
                id={id}
                type="date"
                value={draft.to}
                onInput={set("to")}
                aria-invalid={problem ? "true" : undefined}
                aria-describedby={describedBy}
              />
            )}
          </Field>
        </div>
        <p class="actions">
          <button type="submit" class="primary">
            {t("hrApplyFilters", lang)}
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(NO_AUDIT_FILTERS);
              apply(NO_AUDIT_FILTERS);
            }}
          >
            {t("hrClearFilters", lang)}
          </button>
        </p>
      </form>
      <ol class="plain entries">
        {(log.query.data?.items ?? []).map((e) => (
          <li key={e.seq}>
            <strong>{auditActionLabel(e.action, lang)}</strong>
            <br />
            {`${t("hrSubject", lang)}: ${subjectLabel(e.entityType, lang)} ${e.entityId}`}
            <button
              type="button"
              class="link-button"
              aria-label={`${t("hrOnlySubject", lang)}: ${subjectLabel(e.entityType, lang)} ${e.entityId}`}
              onClick={() => {
                const next = { ...NO_AUDIT_FILTERS, entityType: e.entityType, entityId: e.entityId };
                setDraft(next);
                apply(next);
              }}
            >
              {t("hrOnlyThis", lang)}
            </button>
            <br />
            <span class="muted">{`#${e.seq} · ${date(e.at, lang)} · ${t("hrWho", lang)}: ${e.actorId}`}</span>
          </li>
        ))}
      </ol>
      {log.query.data && log.query.data.items.length === 0 ? <p>{t("hrNoEntries", lang)}</p> : null}
      <Pager label={t("audit", lang)} list={log} />
      <Refusal error={log.query.error} />
    </Section>
  );
}

const STATUS_WORD = { PENDING: "hrPending", DELIVERED: "hrDelivered", FAILED: "hrFailed" } as const;

const DELIVERY_PAGE = 10;

function Deliveries(props: { webhookId: string }) {
  const lang = useSignal(language);
  const client = useQueryClient();
  const list = usePagedList(["webhook-deliveries", props.webhookId], (cursor) =>
    ok(
      api().GET("/v1/webhooks/{id}/deliveries", {
        params: {
          path: { id: props.webhookId },
          query: { limit: DELIVERY_PAGE, ...(cursor === undefined ? {} : { cursor }) },
        },
      }),
    ),
  );
  const retry = useMutation({
    mutationFn: (delivery: Delivery) =>
      ok(
        api().POST("/v1/webhooks/{id}/deliveries/{deliveryId}/retry", {
          params: { path: { id: props.webhookId, deliveryId: delivery.id } },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["webhook-deliveries", props.webhookId] }),
  });
  const items = list.query.data?.items ?? [];
  return (
    <div>
      <h4>{t("hrDeliveries", lang)}</h4>
      {list.query.data && items.length === 0 ? <p>{t("hrNoDeliveries", lang)}</p> : null}
      <ul class="plain entries">
        {items.map((d) => (
          <li key={d.id}>
            <strong>{t(STATUS_WORD[d.status], lang)}</strong>
            {` · ${t("hrAttempts", lang)}: ${d.attempt}`}
            <br />
            <span class="muted">
              {`${date(d.createdAt, lang)} · ${t("hrEvent", lang)} ${d.eventId.slice(0, 8)} · ${t("hrLastAnswer", lang)}: ${deliveryAnswer(d, lang)}`}
            </span>
            {d.status === "FAILED" ? (
              <p class="actions">
                <button type="button" onClick={() => retry.mutate(d)} disabled={retry.isPending}>
                  {t("hrRetry", lang)}
                </button>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {list.page > 1 || list.hasNext ? <Pager label={t("hrDeliveries", lang)} list={list} /> : null}
      {retry.isSuccess ? <Done>{t("hrRetried", lang)}</Done> : null}
      <Refusal error={retry.error ?? list.query.error} />
    </div>
  );
}

type Subscription = components["schemas"]["WebhookSubscription"];

function WebhookItem(props: { webhook: Subscription; onDeleted: () => void; onRotated: () => void }) {
  const lang = useSignal(language);
  const client = useQueryClient();
  const w = props.webhook;
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => void client.invalidateQueries({ queryKey: ["webhooks"] });
  const rotate = useMutation({
    mutationFn: () =>
      ok(
        api().POST("/v1/webhooks/{id}/rotate-secret", {
          params: { path: { id: w.id } },
          body: { version: w.version },
        }),
      ),
    onSuccess: () => {
      // The secret shown when it was registered is no longer the one that signs.
      props.onRotated();
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      ok(
        api().DELETE("/v1/webhooks/{id}", {
          params: { path: { id: w.id }, query: { version: w.version } },
        }),
      ),
    onSuccess: () => {
      props.onDeleted();
      refresh();
    },
  });
  const events = w.eventTypes.includes("*") ? t("hrAllEvents", lang) : w.eventTypes.join(", ");
  return (
    <li>
      <p>
        <strong>{w.url}</strong>
        {` · ${events} · ${t(w.active ? "hrActive" : "hrInactive", lang)}`}
      </p>
      <p class="actions">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t(open ? "hrHideDeliveries" : "hrShowDeliveries", lang)}
        </button>
        <button type="button" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
          {t("hrRotate", lang)}
        </button>
        {confirming ? (
          <button type="button" class="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {t("hrConfirmDelete", lang)}
          </button>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            {t("hrDelete", lang)}
          </button>
        )}
      </p>
      {rotate.data ? <Done>{`${t("hrNewSecret", lang)}: ${rotate.data.secret}`}</Done> : null}
      {open ? <Deliveries webhookId={w.id} /> : null}
      <Refusal error={rotate.error ?? remove.error} />
    </li>
  );
}

/** Webhooks: register, list with their deliveries, retry a failed delivery, rotate the secret, delete. */
export function Webhooks() {
  const lang = useSignal(language);
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ["webhooks"],
    queryFn: async () => (await ok(api().GET("/v1/webhooks", {}))).items,
    refetchInterval: REFRESH_MS,
  });
  const [url, setUrl] = useState("");
  const create = useMutation({
    mutationFn: () =>
      ok(api().POST("/v1/webhooks", { body: { url: url.trim(), eventTypes: ["*"] } as never })),
    onSuccess: () => {
      setUrl("");
      setDeleted(false);
      void client.invalidateQueries({ queryKey: ["webhooks"] });
    },
  });
  const known = new Set((list.data ?? []).map((w) => w.id));
  const [deleted, setDeleted] = useState(false);
  return (
    <Section title={t("webhooks", lang)} id="webhooks">
      <ul class="plain">
        {(list.data ?? []).map((w) => (
          <WebhookItem
            key={w.id}
            webhook={w}
            onDeleted={() => setDeleted(true)}
            onRotated={() => {
              if (create.data?.id === w.id) create.reset();
            }}
          />
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field label="URL">
          {(id) => <input id={id} type="url" required value={url} onInput={(e) => setUrl(inputValue(e))} />}
        </Field>
        <button type="submit" disabled={create.isPending}>
          {t("createWebhook", lang)}
        </button>
      </form>
      {create.data && "secret" in create.data && create.data.secret && known.has(create.data.id) ? (
        <Done>{`${t("hrSecret", lang)}: ${create.data.secret}`}</Done>
      ) : null}
      {deleted ? <Done>{t("hrDeleted", lang)}</Done> : null}
      <Refusal error={create.error ?? list.error} />
    </Section>
  );
}
