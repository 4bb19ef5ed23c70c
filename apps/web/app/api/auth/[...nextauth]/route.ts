import { handlers } from "@vetted/auth";

export const { GET, POST } = handlers;
