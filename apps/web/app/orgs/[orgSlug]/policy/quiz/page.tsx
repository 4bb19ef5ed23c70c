import type { Metadata } from "next";
import Link from "next/link";
import { can, getPolicyManual, listQuizQuestions, SECTION_PLAN, SECTION_TITLES } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { Card } from "@/components/ui";
import { pageTenant } from "@/lib/pages";
import { retireQuizQuestionAction, saveQuizQuestionAction } from "../actions";
import { QuestionForm, RetireQuestionForm } from "./quiz-forms";

export const metadata: Metadata = { title: "Policy quiz" };

/** The short quiz each person answers when acknowledging the manual: editors add, replace and retire questions. */
export default async function PolicyQuizPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/policy/quiz`);
  if (!can(ctx, "manual.manage")) return <NoAccess />;
  // Opening the quiz starts the manual if nobody has yet (as the manual's page does).
  const [manual, questions] = await Promise.all([getPolicyManual(ctx), listQuizQuestions(ctx)]);
  const sections = SECTION_PLAN.map((s) => ({ key: s.key, title: SECTION_TITLES[s.key] }));
  const save = saveQuizQuestionAction.bind(null, ctx.org.slug);
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/orgs/${ctx.org.slug}/policy`} className="text-sm text-brand-700 hover:underline">← Social media policy</Link>
        <h1 className="mt-2 text-2xl font-semibold">Acknowledgement quiz</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Asked before each person signs the manual. Pass mark: {manual.manual?.quizPassPercent ?? 80}%. A question that was asked is never
          changed: editing one retires it and adds the new wording, so past results keep what was asked.
        </p>
      </div>
      <Card title={`${questions.length} question${questions.length === 1 ? "" : "s"}`}>
        {questions.length === 0 ? <p className="text-sm text-slate-600">No questions yet.</p> : (
          <ol className="space-y-4" data-testid="quiz-questions">
            {questions.map((q, i) => (
              <li key={q.id} className="rounded-md border border-slate-200 p-3" data-testid="quiz-question" data-question-id={q.id}>
                <p className="break-words font-medium">{i + 1}. {q.prompt}</p>
                <ul className="mt-1 space-y-0.5 text-sm">
                  {q.choices.map((c, j) => (
                    <li key={j} className={j === q.correctIndex ? "font-semibold text-emerald-800" : "text-slate-700"}>{j === q.correctIndex ? "✓ " : "· "}{c}</li>
                  ))}
                </ul>
                {q.sectionKey ? <p className="mt-1 text-xs text-slate-500">About: {SECTION_TITLES[q.sectionKey as keyof typeof SECTION_TITLES] ?? q.sectionKey}</p> : null}
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm text-brand-700">Edit</summary>
                  <div className="mt-2"><QuestionForm save={save} sections={sections} question={q} /></div>
                </details>
                <div className="mt-2"><RetireQuestionForm questionId={q.id} retire={retireQuizQuestionAction.bind(null, ctx.org.slug)} /></div>
              </li>
            ))}
          </ol>
        )}
      </Card>
      <Card title="Add a question">
        <QuestionForm save={save} sections={sections} />
      </Card>
    </div>
  );
}
