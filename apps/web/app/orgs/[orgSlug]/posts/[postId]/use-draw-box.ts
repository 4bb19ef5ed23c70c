"use client";

import { useCallback, useEffect, useRef, useState, type PointerEvent } from "react";

export type PixelBox = [number, number, number, number];

/** Below this many image pixels a drag is taken as a click (the server refuses boxes under 4×4). */
export const MIN_BOX_PX = 4;

/**
 * Drawing one rectangle over an image with pointer events (mouse, pen and touch alike). The layer the
 * handlers go on must cover the displayed image exactly; positions are mapped from its displayed size
 * to the image's own pixels, which is what the server redacts. Drawing again replaces the box (that is
 * how it is adjusted); Escape drops the box being drawn or the drawn one.
 */
export function useDrawBox(image: { width: number; height: number }, enabled: boolean, onEscape?: () => void) {
  const [box, setBox] = useState<PixelBox | null>(null);
  const [dragging, setDragging] = useState(false);
  const start = useRef<[number, number] | null>(null);

  const toImage = useCallback(
    (e: PointerEvent<HTMLElement>): [number, number] => {
      const rect = e.currentTarget.getBoundingClientRect();
      const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
      return [
        clamp(((e.clientX - rect.left) / Math.max(rect.width, 1)) * image.width, image.width),
        clamp(((e.clientY - rect.top) / Math.max(rect.height, 1)) * image.height, image.height),
      ];
    },
    [image.width, image.height],
  );

  const span = (a: [number, number], b: [number, number]): PixelBox => {
    const x = Math.round(Math.min(a[0], b[0])), y = Math.round(Math.min(a[1], b[1]));
    return [x, y, Math.round(Math.max(a[0], b[0])) - x, Math.round(Math.max(a[1], b[1])) - y];
  };

  const cancel = useCallback(() => {
    start.current = null;
    setDragging(false);
    setBox(null);
  }, []);

  useEffect(() => {
    if (!enabled) cancel();
  }, [enabled, cancel]);

  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      cancel();
      onEscape?.();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled, cancel, onEscape]);

  const handlers = {
    onPointerDown(e: PointerEvent<HTMLElement>) {
      if (!enabled || (e.pointerType === "mouse" && e.button !== 0)) return;
      e.preventDefault();
      // Capture: the drag keeps reporting if the pointer leaves the image (the box is clamped to it).
      e.currentTarget.setPointerCapture(e.pointerId);
      start.current = toImage(e);
      setDragging(true);
      setBox([Math.round(start.current[0]), Math.round(start.current[1]), 0, 0]);
    },
    onPointerMove(e: PointerEvent<HTMLElement>) {
      if (start.current) setBox(span(start.current, toImage(e)));
    },
    onPointerUp(e: PointerEvent<HTMLElement>) {
      if (!start.current) return;
      const drawn = span(start.current, toImage(e));
      start.current = null;
      setDragging(false);
      setBox(drawn[2] >= MIN_BOX_PX && drawn[3] >= MIN_BOX_PX ? drawn : null);
    },
    onPointerCancel: cancel,
  };

  return { box, dragging, cancel, handlers };
}
