import { GLOSSARY, type Json, type Language, type MessageCatalogue } from "@kinerja/core";
import { fmt } from "./numbers";

const num = (v: Json, language: Language) => fmt(v as number, language);

const TAMBAHAN = GLOSSARY.resultKind.TAMBAHAN;
const CATEGORY_SCALE = {
  id: "(di atas 90 Sangat Baik, di atas 75 Baik, di atas 60 Cukup, di atas 50 Kurang, 50 ke bawah Buruk)",
  en: "(above 90 very good, above 75 good, above 60 fair, above 50 poor, 50 or below bad)",
};
const EFFICIENCY = {
  id: {
    low: "e = 100 − R/T × 100 = {efficiency:num}; e ≤ 24: ((1,76 × {target:num} − {realization:num}) / {target:num}) × 100 = {value:num}{value:notBelowZero}.",
    high: "e = 100 − R/T × 100 = {efficiency:num}; e > 24: 76 − ((((1,76 × {target:num} − {realization:num}) / {target:num}) × 100) − 100) = 76 − ({inner:num} − 100) = {value:num}{value:notBelowZero}.",
    notDone: "tidak dilaksanakan (R = 0), nilai 0.",
  },
  en: {
    low: "e = 100 − R/T × 100 = {efficiency:num}; e ≤ 24: ((1.76 × {target:num} − {realization:num}) / {target:num}) × 100 = {value:num}{value:notBelowZero}.",
    high: "e = 100 − R/T × 100 = {efficiency:num}; e > 24: 76 − ((((1.76 × {target:num} − {realization:num}) / {target:num}) × 100) − 100) = 76 − ({inner:num} − 100) = {value:num}{value:notBelowZero}.",
    notDone: "not carried out (R = 0), scores 0.",
  },
};

/** Time and cost messages: one per branch of Perka BKN 1/2013, with their titles. */
function efficiency(language: Language): Record<string, string> {
  const names = { time: { id: "Waktu", en: "Time" }, cost: { id: "Biaya", en: "Cost" } };
  const out: Record<string, string> = {};
  for (const [kind, name] of Object.entries(names)) {
    for (const [branch, text] of Object.entries(EFFICIENCY[language])) {
      out[`${kind}.${branch}`] = `${name[language]}: ${text}`;
      out[`${kind}.${branch}.title`] =
        language === "id" ? `${name.id} kegiatan {activity}` : `${name.en} of activity {activity}`;
    }
  }
  return out;
}

/**
 * The prose of `pp-46-2011`'s explanation steps, Indonesian and English with the same keys,
 * rendered only for `explain: "full"`.
 */
export const PP_46_2011_MESSAGES: MessageCatalogue = {
  id: {
    quantity: "Kuantitas = R/T × 100 = {realization:num}/{target:num} × 100 = {value:num}.",
    "quantity.title": "Kuantitas kegiatan {activity}",
    quality: "Kualitas = R/T × 100 = {realization:num}/{target:num} × 100 = {value:num}.",
    "quality.title": "Kualitas kegiatan {activity}",
    "quality.capped":
      "Kualitas = R/T × 100 = {realization:num}/{target:num} × 100 = {value:num}, dibatasi 100.",
    "quality.capped.title": "Kualitas kegiatan {activity}",
    ...efficiency("id"),
    activity:
      "(kuantitas + kualitas + waktu) / 3 = ({kuantitas:num} + {kualitas:num} + {waktu:num}) / 3 = {capaian:num} (tanpa target biaya).",
    "activity.title": "Capaian kegiatan {activity}",
    "activity.cost":
      "(kuantitas + kualitas + waktu + biaya) / 4 = ({kuantitas:num} + {kualitas:num} + {waktu:num} + {biaya:num}) / 4 = {capaian:num}.",
    "activity.cost.title": "Capaian kegiatan {activity}",
    "skp-mean": "Rata-rata capaian {count:num} kegiatan: ({capaian:sum}) / {count:num} = {mean:num}.",
    "skp-mean.title": "Rata-rata capaian kegiatan",
    "additional-tasks": `{tasks:num} tugas tambahan (${TAMBAHAN.id.toLowerCase()}) memberi {points:num} poin menurut konfigurasi.`,
    "additional-tasks.title": "Nilai tugas tambahan",
    creativity:
      "Kreativitas yang diakui pada tingkat {level:creativityLevelLower} memberi {points:num} poin menurut konfigurasi.",
    "creativity.title": "Nilai kreativitas",
    "creativity.none": "Tidak ada kreativitas yang diakui: 0 poin.",
    "creativity.none.title": "Nilai kreativitas",
    skp: "Nilai SKP = {mean:num} + {tasks:num} (tugas tambahan) + {creativity:num} (kreativitas) = {value:num}.",
    "skp.title": "Nilai SKP",
    "skp-category": `{value:num} → {grade:predikat} ${CATEGORY_SCALE.id}.`,
    "skp-category.title": "Sebutan nilai SKP",
    behaviour: "Rata-rata {count:num} aspek dari atasan ({scores:aspectScores}) = {value:num}.",
    "behaviour.title": "Nilai perilaku kerja",
    "behaviour.noLeadership":
      "Rata-rata {count:num} aspek dari atasan ({scores:aspectScores}) = {value:num}; kepemimpinan tidak dinilai karena bukan pejabat struktural.",
    "behaviour.noLeadership.title": "Nilai perilaku kerja",
    "behaviour-category": `{value:num} → {grade:predikat} ${CATEGORY_SCALE.id}.`,
    "behaviour-category.title": "Sebutan nilai perilaku kerja",
    score: "60 % × {nilaiSkp:num} + 40 % × {nilaiPerilaku:num} = {value:num}.",
    "score.title": "Nilai prestasi kerja",
    grade: `{value:num} → {grade:predikat} ${CATEGORY_SCALE.id}.`,
    "grade.title": "Sebutan nilai prestasi kerja",
  },
  en: {
    quantity: "Quantity = R/T × 100 = {realization:num}/{target:num} × 100 = {value:num}.",
    "quantity.title": "Quantity of activity {activity}",
    quality: "Quality = R/T × 100 = {realization:num}/{target:num} × 100 = {value:num}.",
    "quality.title": "Quality of activity {activity}",
    "quality.capped":
      "Quality = R/T × 100 = {realization:num}/{target:num} × 100 = {value:num}, capped at 100.",
    "quality.capped.title": "Quality of activity {activity}",
    ...efficiency("en"),
    activity:
      "(quantity + quality + time) / 3 = ({kuantitas:num} + {kualitas:num} + {waktu:num}) / 3 = {capaian:num} (no cost target).",
    "activity.title": "Capaian of activity {activity}",
    "activity.cost":
      "(quantity + quality + time + cost) / 4 = ({kuantitas:num} + {kualitas:num} + {waktu:num} + {biaya:num}) / 4 = {capaian:num}.",
    "activity.cost.title": "Capaian of activity {activity}",
    "skp-mean": "Mean capaian of {count:num} activities: ({capaian:sum}) / {count:num} = {mean:num}.",
    "skp-mean.title": "Mean capaian of the activities",
    "additional-tasks": `{tasks:num} additional tasks (${TAMBAHAN.en.toLowerCase()}s) earn {points:num} points by the configuration.`,
    "additional-tasks.title": "Points for additional tasks",
    creativity:
      "Creativity recognised at {level:creativityLevelLower} level earns {points:num} points by the configuration.",
    "creativity.title": "Points for creativity",
    "creativity.none": "No recognised creativity: 0 points.",
    "creativity.none.title": "Points for creativity",
    skp: "SKP value = {mean:num} + {tasks:num} (additional tasks) + {creativity:num} (creativity) = {value:num}.",
    "skp.title": "SKP value",
    "skp-category": `{value:num} → {grade:predikat} ${CATEGORY_SCALE.en}.`,
    "skp-category.title": "Category of the SKP value",
    behaviour: "Mean of {count:num} aspects from the supervisor ({scores:aspectScores}) = {value:num}.",
    "behaviour.title": "Work behaviour value",
    "behaviour.noLeadership":
      "Mean of {count:num} aspects from the supervisor ({scores:aspectScores}) = {value:num}; leadership is not assessed as the employee is not a structural official.",
    "behaviour.noLeadership.title": "Work behaviour value",
    "behaviour-category": `{value:num} → {grade:predikat} ${CATEGORY_SCALE.en}.`,
    "behaviour-category.title": "Category of the behaviour value",
    score: "60 % × {nilaiSkp:num} + 40 % × {nilaiPerilaku:num} = {value:num}.",
    "score.title": "Work performance score",
    grade: `{value:num} → {grade:predikat} ${CATEGORY_SCALE.en}.`,
    "grade.title": "Category of the work performance score",
  },
  formats: {
    num,
    /** Numbers added up: `80 + 92,5`. */
    sum: (v, language) => (v as number[]).map((n) => fmt(n, language)).join(" + "),
    /** ", not below 0" when the value was floored at 0. */
    notBelowZero: (v, language) =>
      v === 0 ? (language === "id" ? ", tidak kurang dari 0" : ", not below 0") : "",
    /** A creativity level's label in running text. */
    creativityLevelLower: (v, language) =>
      GLOSSARY.creativityLevel[v as keyof typeof GLOSSARY.creativityLevel][language].toLowerCase(),
    /** Behaviour aspects with their scores: `Integritas 80, Komitmen 75`. */
    aspectScores: (v, language) =>
      (v as { aspect: keyof typeof GLOSSARY.behaviourAspect; score: number }[])
        .map((s) => `${GLOSSARY.behaviourAspect[s.aspect][language]} ${fmt(s.score, language)}`)
        .join(", "),
  },
};
