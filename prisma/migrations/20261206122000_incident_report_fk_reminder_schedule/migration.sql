-- Incident.reportId now points at a group report that exists, in the incident's own org (as
-- "Incident_commentId_fkey" does for comments). An incident is a record that must keep its source
-- ("Incident_one_source": exactly one of reportId / commentId), so a dangling reportId cannot be set
-- to NULL: the migration stops and says how many instead of detaching them silently. The app role
-- cannot delete group reports, so none is expected; the check reads every row before the FK does.
DO $$
DECLARE dangling integer;
BEGIN
  SELECT count(*) INTO dangling FROM "Incident" i
  WHERE i."reportId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "GroupReport" g WHERE g.id = i."reportId" AND g."orgId" = i."orgId");
  IF dangling > 0 THEN
    RAISE EXCEPTION '% incident(s) name a group report that is missing or belongs to another org: fix them before this migration', dangling;
  END IF;
END;
$$;

-- The composite key makes a cross-org reference impossible, not only a missing one.
CREATE UNIQUE INDEX "GroupReport_id_orgId_key" ON "GroupReport"("id", "orgId");
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_reportId_fkey" FOREIGN KEY ("reportId", "orgId") REFERENCES "GroupReport"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- Deadline reminders belong to a deadline: when an officer corrects the discovery time, the deadline
-- moves (the "Incident_deadline" CHECK) and the new schedule's milestones go out even where the old
-- schedule's same-named ones were sent. Each (incident, deadline, milestone) still goes out once.
DROP INDEX "IncidentReminder_incidentId_milestone_key";
CREATE UNIQUE INDEX "IncidentReminder_incidentId_deadlineAt_milestone_key" ON "IncidentReminder"("incidentId", "deadlineAt", "milestone");
