// The criteria narrative written into a credential, in the language the course was taught in (the
// credential itself is signed once, so its text cannot follow the reader's language).
type Facts = { passMark: number; studyHours: number; credits: number; creditUnit: "ECTS" | "US"; revisionNumber: number };

const UNIT: Record<string, Record<Facts["creditUnit"], string>> = {
  en: { ECTS: "ECTS credits", US: "US semester credit hours" },
  es: { ECTS: "créditos ECTS", US: "créditos semestrales de EE. UU." },
  ar: { ECTS: "ساعات معتمدة بنظام ECTS", US: "ساعات معتمدة فصلية أمريكية" },
};

export function creditUnitLabel(unit: Facts["creditUnit"], language: string): string {
  return (UNIT[language] ?? UNIT.en!)[unit];
}

export function achievementCriteria(facts: Facts & { language: string }): { narrative: string } {
  const unit = creditUnitLabel(facts.creditUnit, facts.language);
  const n = facts.revisionNumber;
  switch (facts.language) {
    case "es":
      return {
        narrative: `Completar todas las lecciones, cuestionarios y tareas de la versión ${n} del curso (unas ${facts.studyHours} horas de estudio), evaluadas por sus educadores verificados, con una nota final de al menos ${facts.passMark} %. Vale ${facts.credits} ${unit}.`,
      };
    case "ar":
      return {
        narrative: `إتمام جميع دروس واختبارات ومهام الإصدار ${n} من المقرر (نحو ${facts.studyHours} ساعة دراسة)، بتقييم من معلّميه المعتمدين، بدرجة نهائية لا تقل عن ${facts.passMark}٪. قيمته ${facts.credits} ${unit}.`,
      };
    default:
      return {
        narrative: `Complete every lesson, quiz and assignment of version ${n} of the course (about ${facts.studyHours} hours of study), assessed by its vetted educators, with a final grade of at least ${facts.passMark}%. Worth ${facts.credits} ${unit}.`,
      };
  }
}
