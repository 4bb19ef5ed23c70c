-- An org's post list is its posts newest-changed first, 50 a page (domain posts/list-posts.ts). With only
-- (orgId, state) the database read every post of the org and sorted them for each page: at bench:pages'
-- scale (a client with ~16,000 posts) that is the whole org per page view. Read in index order instead.
CREATE INDEX "Post_orgId_updatedAt_idx" ON "Post"("orgId", "updatedAt" DESC);
