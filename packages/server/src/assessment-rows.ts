import { type Assessment, RatingSchema } from "@kinerja/core";

/** The ratings and behaviour scores of a stored assessment row (the supervisor's or the employee's own). */
export function storedRatings(row: {
  result_rating: string | null;
  behaviour_rating: string | null;
  behaviour: Record<string, number> | null;
}): Pick<Assessment, "resultRating" | "behaviourRating" | "behaviour"> {
  return {
    ...(row.result_rating === null ? {} : { resultRating: RatingSchema.parse(row.result_rating) }),
    ...(row.behaviour_rating === null ? {} : { behaviourRating: RatingSchema.parse(row.behaviour_rating) }),
    behaviour: row.behaviour ?? {},
  };
}
