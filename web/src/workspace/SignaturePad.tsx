/**
 * An optional drawn signature: a canvas the client signs on with a finger, stylus or mouse. The typed name
 * stays the signature that counts (and the one keyboard users give); this adds the drawing to the record.
 */
import { useEffect, useRef } from 'preact/hooks';

const WIDTH = 480;
const HEIGHT = 160;

export function SignaturePad({
  label,
  clearLabel,
  onChange,
}: {
  label: string;
  clearLabel: string;
  /** The drawing as a PNG data URL after each stroke, or undefined once cleared. */
  onChange: (png: string | undefined) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (context === null || context === undefined) return;
    context.lineWidth = 2.5;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.strokeStyle = '#111';
  }, []);

  const point = (event: PointerEvent): [number, number] => {
    const element = event.currentTarget as HTMLCanvasElement;
    const box = element.getBoundingClientRect();
    return [
      ((event.clientX - box.left) * element.width) / box.width,
      ((event.clientY - box.top) * element.height) / box.height,
    ];
  };

  return (
    <div class="field">
      <span id="signature-label">{label}</span>
      <canvas
        class="signature"
        width={WIDTH}
        height={HEIGHT}
        ref={canvas}
        role="img"
        aria-labelledby="signature-label"
        onPointerDown={(event) => {
          const context = event.currentTarget.getContext('2d');
          if (context === null) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          drawing.current = true;
          const [x, y] = point(event);
          context.beginPath();
          context.moveTo(x, y);
          context.lineTo(x + 0.1, y + 0.1);
          context.stroke();
        }}
        onPointerMove={(event) => {
          if (!drawing.current) return;
          const context = event.currentTarget.getContext('2d');
          if (context === null) return;
          const [x, y] = point(event);
          context.lineTo(x, y);
          context.stroke();
        }}
        onPointerUp={(event) => {
          if (!drawing.current) return;
          drawing.current = false;
          onChange(event.currentTarget.toDataURL('image/png'));
        }}
      />
      <button
        type="button"
        onClick={() => {
          const element = canvas.current;
          element?.getContext('2d')?.clearRect(0, 0, element.width, element.height);
          onChange(undefined);
        }}
      >
        {clearLabel}
      </button>
    </div>
  );
}
