"use client";

import { useState, type CSSProperties } from "react";
import { NETWORK_RULES, type NetworkChannel } from "@vetted/domain/network-limits";
import { foldText, frameFor, linkCardFor, ratioLabel, segmentText, type PreviewImage } from "@/lib/network-preview";

// A look-alike of one network's post card: close enough to judge the fold, the crops and the link card,
// never a pixel copy of the platform (no logos, no platform fonts).

export interface CardProps {
  channel: NetworkChannel;
  orgName: string;
  text: string;
  images: PreviewImage[];
  /** Smaller media, for the review page where the preview shares the screen with the findings. */
  compact?: boolean;
}

const handleOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "").slice(0, 30) || "organization";
const initials = (name: string) => name.split(/\s+/).filter((w) => /^[\p{L}\p{N}]/u.test(w)).slice(0, 2).map((w) => Array.from(w)[0]!.toUpperCase()).join("");
const SEE_MORE: Record<NetworkChannel, string> = { FACEBOOK: "See more", INSTAGRAM: "more", X: "Show more", LINKEDIN: "see more", TIKTOK: "more" };

function Avatar({ name, size, square }: { name: string; size: string; square?: boolean }) {
  return (
    <span aria-hidden className={`inline-flex shrink-0 items-center justify-center bg-brand-700 font-semibold text-white ${size} ${square ? "rounded" : "rounded-full"}`}>
      {initials(name)}
    </span>
  );
}

/** The text, folded at the network's "see more" point until expanded, with hashtags, mentions and links styled. */
function PostText({ channel, text, className, author }: { channel: NetworkChannel; text: string; className?: string; author?: string }) {
  const [open, setOpen] = useState(false);
  const fold = foldText(channel, text);
  const shown = open ? text : fold.shown;
  const accent = channel === "X" ? "text-sky-600" : channel === "INSTAGRAM" || channel === "TIKTOK" ? "font-medium" : "text-blue-700";
  return (
    <p className={`whitespace-pre-wrap break-words ${className ?? ""}`} data-testid="preview-text">
      {author ? <span className="font-semibold">{author} </span> : null}
      {segmentText(channel, shown).map((s, i) => (s.kind === "text" ? <span key={i}>{s.text}</span> : <span key={i} className={accent} data-kind={s.kind}>{s.text}</span>))}
      {fold.folded && !open ? (
        <>
          …{" "}
          <button type="button" className="font-semibold text-slate-500 hover:underline" onClick={() => setOpen(true)}>
            {SEE_MORE[channel]}
            <span className="sr-only"> (the feed folds the text here)</span>
          </button>
        </>
      ) : null}
    </p>
  );
}

function Photo({ channel, images, index, style, className }: { channel: NetworkChannel; images: PreviewImage[]; index: number; style?: CSSProperties; className?: string }) {
  const image = images[index]!;
  const frame = frameFor(channel, images, index);
  const own = image.width && image.height ? ratioLabel(image.width / image.height) : null;
  const label = NETWORK_RULES[channel].label;
  return (
    <div className={`relative overflow-hidden bg-slate-900 ${className ?? ""}`} style={{ aspectRatio: frame.ratio ?? 1, ...style }} data-testid="preview-image" data-cropped={frame.cropped}>
      <img
        src={image.src}
        alt={`Image ${index + 1}, as ${label} shows it${frame.cropped && frame.ratio ? `: cut to ${ratioLabel(frame.ratio)}` : ""}`}
        className={`size-full ${frame.fit === "contain" ? "object-contain" : "object-cover"}`}
      />
      {frame.cropped && frame.ratio ? (
        <span className="absolute left-1.5 top-1.5 rounded bg-black/65 px-1.5 py-0.5 text-[11px] font-medium text-white" title={`The image is ${own}; ${label} shows ${ratioLabel(frame.ratio)}, cutting off the edges`}>
          Cropped to {ratioLabel(frame.ratio)}
        </span>
      ) : null}
    </div>
  );
}

/** Caps the media's height (compact) by capping its width through the frame's ratio. */
const capped = (compact: boolean | undefined, ratio: number | null, rem: number): CSSProperties => (compact && ratio ? { maxWidth: `min(100%, ${(rem * ratio).toFixed(2)}rem)`, marginInline: "auto" } : {});

function Media({ channel, images, compact }: { channel: NetworkChannel; images: PreviewImage[]; compact?: boolean }) {
  if (!images.length) return null;
  const count = images.length;
  if (channel === "X" && count > 1) {
    const shown = images.slice(0, 4);
    const cells = shown.length === 2 ? "grid-cols-2" : "grid-cols-2 grid-rows-2";
    return (
      <div className={`grid gap-0.5 overflow-hidden rounded-2xl border border-slate-200 ${cells}`} style={{ aspectRatio: 16 / 9, ...capped(compact, 16 / 9, 13) }}>
        {shown.map((_, i) => (
          <Photo key={i} channel={channel} images={images} index={i} style={{ aspectRatio: "auto" }} className={shown.length === 3 && i === 0 ? "row-span-2" : ""} />
        ))}
      </div>
    );
  }
  const first = frameFor(channel, images, 0);
  const rounded = channel === "X" ? "overflow-hidden rounded-2xl border border-slate-200" : "";
  return (
    <div className="relative" style={capped(compact, first.ratio, 15)}>
      <div className={rounded}>
        <Photo channel={channel} images={images} index={0} />
      </div>
      {count > 1 ? (
        <span className="absolute right-2 top-2 rounded-full bg-black/65 px-2 py-0.5 text-xs text-white">
          1/{count}
          <span className="sr-only"> images{channel === "INSTAGRAM" ? ", a carousel" : ""}</span>
        </span>
      ) : null}
    </div>
  );
}

function LinkCard({ channel, text, images }: { channel: NetworkChannel; text: string; images: PreviewImage[] }) {
  const card = linkCardFor(channel, text, images.length);
  if (!card) return null;
  return (
    <div className={`overflow-hidden border border-slate-200 ${channel === "X" ? "rounded-2xl" : ""}`} data-testid="preview-link-card">
      <div aria-hidden className="flex h-20 items-center justify-center bg-slate-100 text-xs text-slate-400">no picture: not fetched</div>
      <div className="bg-slate-50 px-3 py-2">
        <p className="text-xs uppercase text-slate-500">{card.domain}</p>
        <p className="font-semibold text-slate-900">{card.domain}</p>
      </div>
    </div>
  );
}

const Actions = ({ items }: { items: string[] }) => (
  <div aria-hidden className="flex justify-between border-t border-slate-100 px-3 py-1.5 text-xs font-medium text-slate-500">
    {items.map((i) => <span key={i}>{i}</span>)}
  </div>
);

export function NetworkCard({ channel, orgName, text, images, compact }: CardProps) {
  const handle = handleOf(orgName);
  if (channel === "INSTAGRAM") {
    return (
      <article className="overflow-hidden rounded-lg border border-slate-200 bg-white text-sm text-slate-900">
        <header className="flex items-center gap-2 px-3 py-2"><Avatar name={orgName} size="size-8 text-xs" /><span className="font-semibold">{handle}</span></header>
        {images.length ? <Media channel={channel} images={images} compact={compact} /> : <div className={`flex items-center justify-center bg-slate-100 text-xs text-slate-500 ${compact ? "h-24" : "aspect-square"}`}>No image: Instagram cannot publish this</div>}
        <Actions items={["♡ Like", "Comment", "Share", "Save"]} />
        <PostText channel={channel} text={text} className="px-3 pb-3" author={handle} />
      </article>
    );
  }
  if (channel === "TIKTOK") {
    return (
      <article className="relative mx-auto overflow-hidden rounded-xl bg-black text-sm text-white" style={{ aspectRatio: 9 / 16, maxHeight: compact ? "16rem" : "30rem", maxWidth: `${((compact ? 16 : 30) * 9) / 16}rem` }}>
        {images.length ? <Media channel={channel} images={images} /> : <div className="flex size-full items-center justify-center p-4 text-center text-xs text-slate-300">No photo: TikTok cannot publish a text-only post</div>}
        <div className="absolute inset-x-0 bottom-0 space-y-1 bg-gradient-to-t from-black/80 to-transparent p-3 pt-8">
          <p className="font-semibold">@{handle}</p>
          <PostText channel={channel} text={text} className="text-[13px] leading-snug" />
        </div>
      </article>
    );
  }
  if (channel === "X") {
    return (
      <article className="flex gap-3 rounded-lg border border-slate-200 bg-white p-3 text-[15px] text-slate-900">
        <Avatar name={orgName} size="size-10 text-sm" />
        <div className="min-w-0 flex-1 space-y-2">
          <p className="truncate text-sm"><span className="font-bold">{orgName}</span> <span className="text-slate-500">@{handle} · now</span></p>
          <PostText channel={channel} text={text} />
          <Media channel={channel} images={images} compact={compact} />
          <LinkCard channel={channel} text={text} images={images} />
          <div aria-hidden className="flex justify-between pr-8 text-xs text-slate-500"><span>Reply</span><span>Repost</span><span>Like</span><span>Views</span></div>
        </div>
      </article>
    );
  }
  const linkedIn = channel === "LINKEDIN";
  return (
    <article className="overflow-hidden rounded-lg border border-slate-200 bg-white text-sm text-slate-900">
      <header className="flex items-center gap-2 px-3 pt-3">
        <Avatar name={orgName} size={linkedIn ? "size-12 text-sm" : "size-10 text-sm"} square={linkedIn} />
        <div className="min-w-0">
          <p className="truncate font-semibold">{orgName}</p>
          <p className="text-xs text-slate-500">{linkedIn ? "Company page · now" : "Just now · Public"}</p>
        </div>
      </header>
      <PostText channel={channel} text={text} className="px-3 py-2" />
      <Media channel={channel} images={images} compact={compact} />
      <LinkCard channel={channel} text={text} images={images} />
      <Actions items={linkedIn ? ["Like", "Comment", "Repost", "Send"] : ["Like", "Comment", "Share"]} />
    </article>
  );
}
