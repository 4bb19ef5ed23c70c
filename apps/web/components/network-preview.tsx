"use client";

import { useId, useRef, useState, type KeyboardEvent } from "react";
import { countText, isNetworkChannel, NETWORK_RULES, networkProblems, textFor, type NetworkChannel } from "@vetted/domain/network-limits";
import { frameFor, ratioLabel, type PreviewImage } from "@/lib/network-preview";
import { NetworkCard } from "./network-card";

export interface NetworkPreviewProps {
  orgName: string;
  text: string;
  channelTexts: Record<string, string | undefined>;
  channels: readonly string[];
  images: PreviewImage[];
  compact?: boolean;
  /** What is previewed, for the region's name: "as you type" or "revision 3". */
  subject: string;
}

/** One tab per network the post goes to, each with its count, its limits' problems and a card as that network shows it. */
export function NetworkPreview(props: NetworkPreviewProps) {
  const id = useId();
  const networks = props.channels.filter(isNetworkChannel);
  const [picked, setPicked] = useState<NetworkChannel | null>(null);
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const current = picked && networks.includes(picked) ? picked : networks[0];
  const problems = networkProblems({ text: props.text, channelTexts: props.channelTexts, channels: networks, imageCount: props.images.length });

  if (!current) {
    return (
      <section aria-label={`Network preview, ${props.subject}`} className="text-sm text-slate-600" data-testid="network-preview">
        Pick Facebook, Instagram, X, LinkedIn or TikTok to see the post as each shows it. A private group has no preview.
      </section>
    );
  }

  function onKey(e: KeyboardEvent) {
    const at = networks.indexOf(current!);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: networks.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const channel = networks[(next + networks.length) % networks.length]!;
    setPicked(channel);
    tabs.current[channel]?.focus();
  }

  const text = textFor(current, props.text, props.channelTexts);
  const rules = NETWORK_RULES[current];
  const length = countText(current, text);
  const mine = problems.filter((p) => p.channel === current);
  const crops = props.images.map((_, i) => frameFor(current, props.images, i)).filter((f) => f.cropped).length;

  return (
    <section aria-label={`Network preview, ${props.subject}`} className="space-y-3" data-testid="network-preview">
      <div role="tablist" aria-label="Networks" className="flex flex-wrap gap-1 border-b border-slate-200" onKeyDown={onKey}>
        {networks.map((n) => {
          const selected = n === current;
          const broken = problems.some((p) => p.channel === n);
          return (
            <button
              key={n} ref={(el) => { tabs.current[n] = el; }} type="button" role="tab" id={`${id}-tab-${n}`} aria-selected={selected} aria-controls={`${id}-panel`}
              tabIndex={selected ? 0 : -1} onClick={() => setPicked(n)} data-channel={n}
              className={`-mb-px border-b-2 px-3 py-1.5 text-sm font-medium ${selected ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {NETWORK_RULES[n].label}
              {broken ? (
                <>
                  <span aria-hidden className="ml-1 inline-block size-2 rounded-full bg-red-600 align-middle" />
                  <span className="sr-only"> (does not fit)</span>
                </>
              ) : null}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${current}`} tabIndex={0} className="space-y-2">
        <p className="text-xs text-slate-600">
          <span className={length > rules.maxChars ? "font-semibold text-red-700" : ""} data-testid="preview-count">
            {length.toLocaleString("en-US")} / {rules.maxChars.toLocaleString("en-US")} characters{current === "X" ? " (links count 23, emoji and CJK 2)" : ""}
          </span>
          {rules.seeMoreAt ? ` · folds after about ${rules.seeMoreAt} characters` : ""}
          {crops ? ` · ${crops} image${crops === 1 ? "" : "s"} cropped${rules.aspect && rules.aspect.min !== rules.aspect.max ? ` (shows ${ratioLabel(rules.aspect.min)} to ${ratioLabel(rules.aspect.max)})` : ""}` : ""}
        </p>
        {mine.length ? (
          <ul className="space-y-1 text-sm text-red-700" data-testid="preview-problems">
            {mine.map((p) => <li key={p.message}>{p.message}</li>)}
          </ul>
        ) : null}
        <NetworkCard channel={current} orgName={props.orgName} text={text} images={props.images} compact={props.compact} />
        <p className="text-xs text-slate-500">
          A look-alike, not the network&apos;s own rendering; the fold and crops are approximate. Link cards show the domain only: Vetted does not fetch the linked page.
        </p>
      </div>
    </section>
  );
}
