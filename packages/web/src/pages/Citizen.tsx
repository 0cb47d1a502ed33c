import { GLOSSARY } from "@kinerja/core";
import { useMutation, useQuery } from "@tanstack/preact-query";
import { useState } from "preact/hooks";
import { api, ok } from "../api";
import { ApiError } from "../errors";
import { code, date, language, t } from "../i18n";
import { Refusal, useSignal } from "../ui";

type Rating = keyof typeof GLOSSARY.rating;
const RATINGS = Object.keys(GLOSSARY.rating) as Rating[];

/** Why a link cannot be answered, in words for a member of the public. */
export function linkProblem(error: unknown, lang: "id" | "en"): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 404)
    return lang === "id"
      ? "Tautan ini tidak dikenal. Periksa kembali alamat yang Anda terima dari petugas."
      : "This link is not known. Check the address you received from the officer.";
  if (error.status === 409)
    return lang === "id"
      ? "Tautan ini sudah digunakan, sudah kedaluwarsa, atau survei sudah ditutup. Terima kasih atas perhatian Anda; tidak ada yang perlu dilakukan lagi."
      : "This link was already used, has expired, or the survey is closed. Thank you; there is nothing more to do.";
  return null;
}

/** The one-time citizen feedback page: no sign-in, mobile first, Indonesian by default. */
export function CitizenPage(props: { token: string }) {
  const lang = useSignal(language);
  const link = useQuery({
    queryKey: ["public-link", props.token],
    queryFn: () => ok(api().GET("/v1/public/feedback/{token}", { params: { path: { token: props.token } } })),
    retry: false,
  });
  const [rating, setRating] = useState<Rating | "">("");
  const send = useMutation({
    mutationFn: () =>
      ok(
        api().POST("/v1/public/feedback/{token}", {
          params: { path: { token: props.token } },
          body: { resultRating: rating as Rating, behaviour: {} },
        }),
      ),
  });
  const problem = linkProblem(link.error ?? send.error, lang);
  return (
    <div class="citizen">
      <p class="tools">
        <button
          type="button"
          onClick={() => (language.value = lang === "id" ? "en" : "id")}
          lang={lang === "id" ? "en" : "id"}
        >
          {t("language", lang)}
        </button>
      </p>
      <h1>{t("citizenTitle", lang)}</h1>
      {send.isSuccess ? (
        <p role="status" class="thanks">
          {t("thanks", lang)}
        </p>
      ) : problem ? (
        <p role="alert" class="refusal">
          {problem}
        </p>
      ) : link.data ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate();
          }}
        >
          <p>{t("citizenIntro", lang)}</p>
          <p>
            <strong>{link.data.employee.name ?? "—"}</strong>
            {link.data.employee.unitName ? `, ${link.data.employee.unitName}` : ""}
          </p>
          <fieldset>
            <legend>{t("resultRating", lang)}</legend>
            {RATINGS.map((r) => (
              <label key={r} class="big-choice">
                <input
                  type="radio"
                  name="rating"
                  value={r}
                  checked={rating === r}
                  onChange={() => setRating(r)}
                />{" "}
                {code("rating", r, lang)}
              </label>
            ))}
          </fieldset>
          <button type="submit" class="primary big" disabled={rating === "" || send.isPending}>
            {t("send", lang)}
          </button>
          <p class="muted">{`${lang === "id" ? "Berlaku sampai" : "Valid until"} ${date(link.data.expiresAt, lang)}`}</p>
        </form>
      ) : (
        <Refusal error={link.error} />
      )}
      {!problem ? <Refusal error={send.error} /> : null}
    </div>
  );
}
