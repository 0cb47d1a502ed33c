import type { components } from "@kinerja/client";
import { useState } from "preact/hooks";
import { downloadEvidence } from "./evidence";
import { language, t } from "./i18n";
import { Refusal, useSignal } from "./ui";

type Evidence = components["schemas"]["RealizationView"]["evidence"][number];

/**
 * A realisation's evidence: links open in a new tab, uploaded files download with the signed-in
 * user's token (a refusal shows as a sentence).
 */
export function EvidenceList(props: { workPlanId: string; evidence: readonly Evidence[] }) {
  const lang = useSignal(language);
  const [error, setError] = useState<unknown>(null);
  if (props.evidence.length === 0) return <span class="muted">—</span>;
  return (
    <>
      <ul class="evidence">
        {props.evidence.map((e) =>
          e.url ? (
            <li key={e.url}>
              <a href={e.url} rel="noopener noreferrer" target="_blank">
                {e.description ?? e.url}
              </a>
            </li>
          ) : (
            <li key={e.fileId}>
              <button
                type="button"
                class="link"
                onClick={() => {
                  setError(null);
                  downloadEvidence(props.workPlanId, e.fileId!, e.description ?? "bukti").catch(setError);
                }}
              >
                {`${t("download", lang)}: ${e.description ?? e.fileId}`}
              </button>
            </li>
          ),
        )}
      </ul>
      <Refusal error={error} />
    </>
  );
}
