import type { LocalizedText } from "./text";

const t = (id: string, en: string): LocalizedText => ({ id, en });

/**
 * Every code of the domain with its Indonesian and English label, by category. Legal codes are
 * spelled as the regulations spell them.
 */
export const GLOSSARY = {
  positionKind: {
    JPT: t("Jabatan Pimpinan Tinggi", "Senior executive position"),
    JA: t("Jabatan Administrasi", "Administrative position"),
    JF: t("Jabatan Fungsional", "Functional position"),
  },
  functionalLevel: {
    PEMULA: t("Pemula", "Beginner"),
    TERAMPIL: t("Terampil", "Skilled"),
    MAHIR: t("Mahir", "Proficient"),
    PENYELIA: t("Penyelia", "Supervisor (skill track)"),
    AHLI_PERTAMA: t("Ahli Pertama", "First expert"),
    AHLI_MUDA: t("Ahli Muda", "Junior expert"),
    AHLI_MADYA: t("Ahli Madya", "Intermediate expert"),
    AHLI_UTAMA: t("Ahli Utama", "Principal expert"),
  },
  approach: {
    KUANTITATIF: t("Kuantitatif", "Quantitative"),
    KUALITATIF: t("Kualitatif", "Qualitative"),
  },
  resultKind: {
    UTAMA: t("Hasil kerja utama", "Main result"),
    TAMBAHAN: t("Hasil kerja tambahan", "Additional result"),
  },
  perspective: {
    PENERIMA_LAYANAN: t("Penerima Layanan", "Service recipients"),
    PROSES_BISNIS: t("Proses Bisnis", "Business process"),
    PENGUATAN_INTERNAL: t("Penguatan Internal", "Internal strengthening"),
    ANGGARAN: t("Anggaran", "Budget"),
  },
  aspect: {
    KUANTITAS: t("Kuantitas", "Quantity"),
    KUALITAS: t("Kualitas", "Quality"),
    WAKTU: t("Waktu", "Time"),
    BIAYA: t("Biaya", "Cost"),
  },
  direction: {
    HIGHER_IS_BETTER: t("Semakin tinggi semakin baik", "Higher is better"),
    LOWER_IS_BETTER: t("Semakin rendah semakin baik", "Lower is better"),
  },
  aggregation: {
    SUM: t("Dijumlahkan", "Summed"),
    MEAN: t("Dirata-ratakan", "Averaged"),
    LAST: t("Nilai terakhir", "Last value"),
  },
  coreValue: {
    BERORIENTASI_PELAYANAN: t("Berorientasi Pelayanan", "Service-oriented"),
    AKUNTABEL: t("Akuntabel", "Accountable"),
    KOMPETEN: t("Kompeten", "Competent"),
    HARMONIS: t("Harmonis", "Harmonious"),
    LOYAL: t("Loyal", "Loyal"),
    ADAPTIF: t("Adaptif", "Adaptive"),
    KOLABORATIF: t("Kolaboratif", "Collaborative"),
  },
  attachment: {
    DUKUNGAN_SUMBER_DAYA: t("Dukungan sumber daya", "Resource support"),
    SKEMA_PERTANGGUNGJAWABAN: t("Skema pertanggungjawaban", "Accountability scheme"),
    KONSEKUENSI: t("Konsekuensi", "Consequences"),
  },
  source: {
    SELF: t("Diri sendiri", "Self"),
    SUPERVISOR: t("Atasan langsung (pejabat penilai)", "Direct superior (assessor)"),
    PEER: t("Rekan kerja", "Peer"),
    SUBORDINATE: t("Bawahan", "Subordinate"),
    PUBLIC: t("Masyarakat / penerima layanan", "Public / service recipients"),
  },
  rating: {
    DI_ATAS_EKSPEKTASI: t("Di atas ekspektasi", "Above expectations"),
    SESUAI_EKSPEKTASI: t("Sesuai ekspektasi", "Meets expectations"),
    DI_BAWAH_EKSPEKTASI: t("Di bawah ekspektasi", "Below expectations"),
  },
  predikat: {
    SANGAT_BAIK: t("Sangat Baik", "Very good"),
    BAIK: t("Baik", "Good"),
    BUTUH_PERBAIKAN: t("Butuh Perbaikan", "Needs improvement"),
    KURANG_MISCONDUCT: t("Kurang/Misconduct", "Poor/Misconduct"),
    SANGAT_KURANG: t("Sangat Kurang", "Very poor"),
    CUKUP: t("Cukup", "Fair"),
    KURANG: t("Kurang", "Poor"),
    BURUK: t("Buruk", "Bad"),
  },
  organisationPredikat: {
    ISTIMEWA: t("Istimewa", "Outstanding"),
    BAIK: t("Baik", "Good"),
    BUTUH_PERBAIKAN: t("Butuh Perbaikan (Cukup)", "Needs improvement (Fair)"),
    KURANG: t("Kurang", "Poor"),
    SANGAT_KURANG: t("Sangat Kurang", "Very poor"),
  },
  cadence: {
    MONTHLY: t("Bulanan", "Monthly"),
    QUARTERLY: t("Triwulanan", "Quarterly"),
    SEMESTER: t("Semesteran", "Half-yearly"),
    ANNUAL: t("Tahunan", "Annual"),
  },
  stage: {
    PERENCANAAN: t("Perencanaan kinerja", "Performance planning"),
    PELAKSANAAN: t("Pelaksanaan, pemantauan dan pembinaan kinerja", "Execution, monitoring and coaching"),
    PENILAIAN: t("Penilaian kinerja", "Performance assessment"),
    TINDAK_LANJUT: t("Tindak lanjut hasil evaluasi", "Follow-up"),
  },
  periodState: {
    DRAFT: t("Draf", "Draft"),
    PLANNING: t("Perencanaan", "Planning"),
    EXECUTION: t("Pelaksanaan", "Execution"),
    ASSESSMENT: t("Penilaian", "Assessment"),
    CALIBRATION: t("Kalibrasi", "Calibration"),
    CLOSED: t("Ditutup", "Closed"),
    REOPENED: t("Dibuka kembali", "Reopened"),
  },
  workPlanState: {
    DRAFT: t("Draf", "Draft"),
    SUBMITTED: t("Diajukan", "Submitted"),
    APPROVED: t("Disetujui", "Approved"),
    REVISION_REQUESTED: t("Perlu revisi", "Revision requested"),
    REJECTED: t("Ditolak", "Rejected"),
  },
  role: {
    EMPLOYEE: t("Pegawai", "Employee"),
    SUPERVISOR: t("Atasan langsung", "Supervisor"),
    SUPERVISOR_OF_SUPERVISOR: t("Atasan dari atasan langsung", "Supervisor's supervisor"),
    PEER: t("Rekan kerja", "Peer"),
    HR_ADMIN: t("Pengelola kepegawaian", "HR administrator"),
    AUDITOR: t("Auditor", "Auditor"),
  },
  behaviourAspect: {
    ORIENTASI_PELAYANAN: t("Orientasi pelayanan", "Service orientation"),
    INTEGRITAS: t("Integritas", "Integrity"),
    KOMITMEN: t("Komitmen", "Commitment"),
    DISIPLIN: t("Disiplin", "Discipline"),
    KERJA_SAMA: t("Kerja sama", "Cooperation"),
    KEPEMIMPINAN: t("Kepemimpinan", "Leadership"),
    INISIATIF_KERJA: t("Inisiatif kerja", "Work initiative"),
  },
  creativityLevel: {
    NONE: t("Tidak ada", "None"),
    UNIT_KERJA: t("Unit kerja", "Work unit"),
    INSTANSI: t("Instansi", "Agency"),
    NASIONAL: t("Nasional", "National"),
  },
  assessmentComponent: {
    TARGET_ACHIEVEMENT: t("Pencapaian target", "Target achievement"),
    DISCIPLINE: t("Disiplin", "Discipline"),
    INITIATIVE: t("Inisiatif", "Initiative"),
    ATTENDANCE: t("Kehadiran", "Attendance"),
    WORK_QUALITY: t("Kualitas kerja", "Work quality"),
    COLLABORATION: t("Kolaborasi", "Collaboration"),
    SERVICE_SPEED_ACCURACY: t("Kecepatan dan ketepatan layanan", "Speed and accuracy of service"),
    TEAM_CONTRIBUTION: t("Kontribusi terhadap tim", "Contribution to the team"),
  },
  evidenceKind: {
    DOCUMENT: t("Dokumen", "Document"),
    PHOTO: t("Foto", "Photo"),
    LINK: t("Tautan", "Link"),
    DATA: t("Data", "Data"),
    OTHER: t("Lainnya", "Other"),
  },
} as const satisfies Record<string, Record<string, LocalizedText>>;

/** A glossary category. */
export type GlossaryCategory = keyof typeof GLOSSARY;

/**
 * The three behavioural guides (panduan perilaku) of each BerAKHLAK value, in Indonesian and
 * English. SE MenPAN-RB 20/2021.
 */
export const CORE_VALUE_GUIDES: Record<keyof (typeof GLOSSARY)["coreValue"], readonly LocalizedText[]> = {
  BERORIENTASI_PELAYANAN: [
    t("Memahami dan memenuhi kebutuhan masyarakat", "Understands and meets the public's needs"),
    t("Ramah, cekatan, solutif, dan dapat diandalkan", "Friendly, quick, solution-minded and dependable"),
    t("Melakukan perbaikan tiada henti", "Improves without end"),
  ],
  AKUNTABEL: [
    t(
      "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, serta disiplin dan berintegritas tinggi",
      "Works honestly, responsibly, carefully, with discipline and high integrity",
    ),
    t(
      "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
      "Uses state property responsibly, effectively and efficiently",
    ),
    t("Tidak menyalahgunakan kewenangan jabatan", "Does not abuse the authority of office"),
  ],
  KOMPETEN: [
    t(
      "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
      "Raises own competence for changing challenges",
    ),
    t("Membantu orang lain belajar", "Helps others learn"),
    t("Melaksanakan tugas dengan kualitas terbaik", "Does tasks at the best quality"),
  ],
  HARMONIS: [
    t("Menghargai setiap orang apapun latar belakangnya", "Respects everyone whatever their background"),
    t("Suka menolong orang lain", "Likes to help others"),
    t("Membangun lingkungan kerja yang kondusif", "Builds a conducive workplace"),
  ],
  LOYAL: [
    t(
      "Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah",
      "Upholds Pancasila and the 1945 Constitution, loyal to the Republic and lawful government",
    ),
    t(
      "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
      "Guards the good name of fellow ASN, leaders, agency and state",
    ),
    t("Menjaga rahasia jabatan dan negara", "Keeps official and state secrets"),
  ],
  ADAPTIF: [
    t("Cepat menyesuaikan diri menghadapi perubahan", "Adapts quickly to change"),
    t("Terus berinovasi dan mengembangkan kreativitas", "Keeps innovating and creating"),
    t("Bertindak proaktif", "Acts proactively"),
  ],
  KOLABORATIF: [
    t(
      "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
      "Gives others the chance to contribute",
    ),
    t("Terbuka dalam bekerja sama untuk menghasilkan nilai tambah", "Open to cooperation that adds value"),
    t(
      "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
      "Mobilises resources for shared goals",
    ),
  ],
};

/**
 * The label of a code in a category, or `undefined` when the code is unknown.
 *
 * @example label("rating", "SESUAI_EKSPEKTASI") // { id: "Sesuai ekspektasi", en: "Meets expectations" }
 */
export function label(category: GlossaryCategory, code: string): LocalizedText | undefined {
  return (GLOSSARY[category] as Record<string, LocalizedText>)[code];
}

/** Finds codes whose Indonesian or English label matches `term` (case-insensitive), across categories. */
export function lookup(term: string): { category: GlossaryCategory; code: string; label: LocalizedText }[] {
  const needle = term.trim().toLowerCase();
  const out: { category: GlossaryCategory; code: string; label: LocalizedText }[] = [];
  for (const [category, codes] of Object.entries(GLOSSARY) as [
    GlossaryCategory,
    Record<string, LocalizedText>,
  ][]) {
    for (const [code, l] of Object.entries(codes)) {
      if (code.toLowerCase() === needle || l.id.toLowerCase() === needle || l.en.toLowerCase() === needle) {
        out.push({ category, code, label: l });
      }
    }
  }
  return out;
}
