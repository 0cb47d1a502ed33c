import { useQuery } from "@tanstack/preact-query";
import { useState } from "preact/hooks";
import { currentCursor, FIRST_PAGE, nextPage, previousPage } from "./hr";
import { language, t } from "./i18n";
import { REFRESH_MS } from "./periods";
import { useSignal } from "./ui";

/** One page of a cursor-paged list route: `{ items, nextCursor }`. */
export interface ListPage<TItem> {
  items: TItem[];
  nextCursor: string | null;
}

/**
 * A cursor-paged list polled every {@link REFRESH_MS}: the query of the page shown (its key is
 * `key` plus the page's cursor), the page number, and the moves between pages.
 *
 * @example
 * const list = usePagedList(["audit", filters], (cursor) => fetchAudit(filters, cursor));
 * list.query.data?.items; list.next(); list.reset();
 */
export function usePagedList<TItem>(
  key: readonly unknown[],
  fetchPage: (cursor: string | undefined) => Promise<ListPage<TItem>>,
) {
  const [trail, setTrail] = useState(FIRST_PAGE);
  const cursor = currentCursor(trail);
  const query = useQuery({
    queryKey: [...key, cursor],
    queryFn: () => fetchPage(cursor),
    refetchInterval: REFRESH_MS,
  });
  const nextCursor = query.data?.nextCursor ?? null;
  return {
    query,
    /** The page shown, from 1. */
    page: trail.cursors.length,
    /** Whether the page shown has a next one. */
    hasNext: nextCursor !== null,
    /** Goes back a page (the first page stays the first). */
    previous: () => setTrail(previousPage(trail)),
    /** Goes to the next page, when there is one. */
    next: () => {
      if (nextCursor !== null) setTrail(nextPage(trail, nextCursor));
    },
    /** Goes back to the first page (after the filters changed). */
    reset: () => setTrail(FIRST_PAGE),
  };
}

/** The state of a paged list that {@link Pager} shows. */
export type PagedList = Pick<ReturnType<typeof usePagedList>, "page" | "hasNext" | "previous" | "next">;

/** "Previous page", the page number and "Next page" of a paged list, named `label` for screen readers. */
export function Pager(props: { label: string; list: PagedList }) {
  const lang = useSignal(language);
  const { list } = props;
  return (
    <nav class="actions" aria-label={props.label}>
      <button type="button" disabled={list.page === 1} onClick={list.previous}>
        {t("hrPrevious", lang)}
      </button>
      <span>{`${t("hrPage", lang)} ${list.page}`}</span>
      <button type="button" disabled={!list.hasNext} onClick={list.next}>
        {t("hrNext", lang)}
      </button>
    </nav>
  );
}
