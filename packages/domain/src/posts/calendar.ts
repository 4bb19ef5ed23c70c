// The content calendar (issue 16), the feature's public surface (@vetted/domain/calendar): the posts
// with a time per org and across a person's orgs, and the move of one to another day.
export { listCalendarPosts, CALENDAR_STATES, MAX_CALENDAR_RANGE_MS, type CalendarPost, type CalendarRange } from "./list-calendar-posts";
export { listCalendarPostsAcrossOrgs, type OrgCalendar } from "./list-calendar-posts-across-orgs";
export { movePostToDay, type MovePostToDayInput } from "./move-post-to-day";
