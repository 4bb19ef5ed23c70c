// Demo policy manual (issue 13): each demo org's manual, owned by the compliance officer and due for
// review in a year, its first version written by the admin and approved by the compliance officer (effective now, with its SHA-256), and a quiz of three questions.
// Uses the domain's own use cases, so the audit trail reads as it would in the app. Safe to run again:
// an org whose manual has an approved version, or whose quiz has questions, is left as it is.
import { db } from "@vetted/db";
import { approvePolicyVersion, getPolicyManual, listQuizQuestions, loadTenantContext, saveQuizQuestion, submitPolicyVersion, updatePolicyDraft, updatePolicyManualSettings } from "@vetted/domain";

const QUESTIONS = [
  {
    prompt: "A patient thanks you by name in a comment on our Facebook page. What do you do?",
    choices: ["Reply \"Glad we could help with your knee!\"", "Hide the comment and invite them, in private, to contact us", "Like the comment", "Confirm they were here, without details"],
    correctIndex: 1, sectionKey: "engagement",
  },
  {
    prompt: "May you post a photo from the break room if a patient's chart is visible in the background?",
    choices: ["Yes, if the name is small", "Yes, on a personal account", "No: a chart in a photo is patient information"],
    correctIndex: 2, sectionKey: "patient-content",
  },
  {
    prompt: "You see a coworker's post in an employee group that mentions a patient. What do you do?",
    choices: ["Nothing, the group is private", "Report it in Vetted (Groups, Report a post) or to the compliance officer", "Ask the coworker to delete it and keep it quiet"],
    correctIndex: 1, sectionKey: "reporting",
  },
] as const;

export async function seedDemoPolicyManual(orgSlug: string, adminId: string, officerId: string): Promise<string> {
  const admin = await loadTenantContext(adminId, orgSlug);
  const officer = await loadTenantContext(officerId, orgSlug);
  const manual = await getPolicyManual(admin);
  let note = "manual already approved";
  if (!manual.versions.some((v) => v.status === "APPROVED") && manual.open) {
    const versionId = manual.open.id;
    if (manual.open.status === "DRAFT") {
      // The manual names who owns it (the compliance officer) and when it is next reviewed: a year on.
      const reviewDueAt = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
      await updatePolicyManualSettings(admin, { ownerId: officerId, reviewDueAt });
      await updatePolicyDraft(admin, { versionId, changeSummary: "First version of our social media policy, generated from our Vetted settings.", material: true });
      await submitPolicyVersion(admin, { versionId });
    }
    // The officer approves what the admin wrote; if the officer wrote or edited it in the app, it waits for review.
    note = await approvePolicyVersion(officer, { versionId }).then(
      ({ contentSha256 }) => `version ${manual.open!.number} approved (SHA-256 ${contentSha256.slice(0, 12)}…)`,
      (error: unknown) => {
        if ((error as { code?: unknown }).code === "FORBIDDEN") return `version ${manual.open!.number} waits for another officer's approval`;
        throw error;
      },
    );
  }
  let questions = 0;
  if ((await listQuizQuestions(admin)).length === 0) {
    for (const q of QUESTIONS) {
      await saveQuizQuestion(admin, { ...q, choices: [...q.choices] });
      questions++;
    }
  }
  const count = await db().policyQuizQuestion.count({ where: { orgId: admin.org.id, active: true } });
  return `${orgSlug}: ${note}, ${questions ? `${questions} quiz questions added` : `${count} quiz questions kept`}`;
}
