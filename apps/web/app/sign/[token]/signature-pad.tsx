"use client";

import { useEffect, useRef } from "react";

// A signature drawn with a finger, pen or mouse on a <canvas>, through pointer events (one code path
// for touch and mouse). The canvas is transparent; strokes are dark, as the server's ink check expects.

const LOGICAL_HEIGHT = 180;

export function SignaturePad({ onChange, invalid, describedBy }: { onChange: (dataUrl: string | null) => void; invalid?: boolean; describedBy?: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const size = useRef({ width: 0, ratio: 1 });

  useEffect(() => {
    const canvas = canvasRef.current!;
    // Sharp on high-density screens, capped at 2x to keep the PNG well under the server's size cap.
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    const width = canvas.getBoundingClientRect().width;
    size.current = { width, ratio };
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(LOGICAL_HEIGHT * ratio);
    const ctx = canvas.getContext("2d")!;
    ctx.scale(ratio, ratio);
    Object.assign(ctx, { lineWidth: 2.6, lineCap: "round", lineJoin: "round", strokeStyle: "#0f172a", fillStyle: "#0f172a" });
  }, []);

  /** Canvas coordinates of a pointer, robust to the canvas being resized by CSS (phone rotated). */
  const point = (e: React.PointerEvent | PointerEvent) => {
    const rect = canvasRef.current!.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) / rect.width) * size.current.width, y: ((e.clientY - rect.top) / rect.height) * LOGICAL_HEIGHT };
  };
  const ctx = () => canvasRef.current!.getContext("2d")!;

  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = point(e);
    last.current = p;
    ctx().beginPath();
    ctx().arc(p.x, p.y, 1.3, 0, Math.PI * 2);
    ctx().fill();
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    e.preventDefault();
    // Coalesced events: the points the browser merged between frames, for smooth fast strokes.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [e.nativeEvent];
    const c = ctx();
    for (const ev of events.length ? events : [e.nativeEvent]) {
      const p = point(ev);
      c.beginPath();
      c.moveTo(last.current.x, last.current.y);
      c.lineTo(p.x, p.y);
      c.stroke();
      last.current = p;
    }
  };
  const up = () => {
    if (!last.current) return;
    last.current = null;
    onChange(canvasRef.current!.toDataURL("image/png"));
  };
  const clear = () => {
    const canvas = canvasRef.current!;
    ctx().clearRect(0, 0, canvas.width, canvas.height);
    onChange(null);
  };

  return (
    <div className="space-y-2">
      <canvas
        ref={canvasRef}
        data-testid="signature-pad"
        aria-label="Signature box: sign here with your finger or mouse"
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        role="img"
        className={`block w-full touch-none rounded-md border-2 border-dashed bg-white ${invalid ? "border-red-500" : "border-slate-400"}`}
        style={{ height: LOGICAL_HEIGHT }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onLostPointerCapture={up}
      />
      <button type="button" onClick={clear} className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-base font-medium text-slate-800">
        Clear signature
      </button>
    </div>
  );
}
