"use client";

import { countText, isNetworkChannel, NETWORK_RULES, type NetworkChannel } from "@vetted/domain/network-limits";

/**
 * The live count of one text for each network it goes to, red over the limit. Counted with the same
 * functions the submit check uses, so what turns red here is exactly what the server refuses.
 */
export function NetworkCounters({ text, channels, id }: { text: string; channels: readonly string[]; id?: string }) {
  const networks = channels.filter(isNetworkChannel);
  if (!networks.length) return null;
  return (
    <ul id={id} className="flex flex-wrap gap-x-3 gap-y-1 text-xs" aria-label="Characters per network">
      {networks.map((n: NetworkChannel) => {
        const length = countText(n, text);
        const max = NETWORK_RULES[n].maxChars;
        const over = length > max;
        return (
          <li key={n} data-testid="network-counter" data-channel={n} data-over={over} className={over ? "font-semibold text-red-700" : "text-slate-600"}>
            {NETWORK_RULES[n].label} {length.toLocaleString("en-US")}/{max.toLocaleString("en-US")}
            {over ? <span> (over by {(length - max).toLocaleString("en-US")})</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
