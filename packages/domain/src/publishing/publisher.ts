import type { Channel } from "@vetted/db";

export interface PublishInput {
  orgId: string;
  postId: string;
  revisionId: string;
  channel: Channel;
  /** The approved text for this channel (its variant, else the post's text). */
  text: string;
}

/**
 * Hands an approved post to a social network. Called inside the transaction that records the
 * PublishHandoff, so a crash before the commit means the hand-off is attempted again: connectors
 * must tolerate a repeat (use the network's idempotency key where it has one).
 */
export interface Publisher {
  /** Stored on PublishHandoff.publisher. */
  name: string;
  publish(input: PublishInput): Promise<{ externalId: string | null }>;
}

/**
 * No network: the hand-off is recorded (the PublishHandoff row the tick writes) and someone posts
 * by hand until real connectors exist. Keeps ids of what it was given, never the text, for tests.
 */
export class RecordingPublisher implements Publisher {
  readonly name = "recording";
  readonly handoffs: { postId: string; channel: Channel }[] = [];

  publish(input: PublishInput): Promise<{ externalId: string | null }> {
    this.handoffs.push({ postId: input.postId, channel: input.channel });
    return Promise.resolve({ externalId: null });
  }
}
