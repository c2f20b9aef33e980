import * as RadixSlider from '@radix-ui/react-slider';

interface SliderProps {
  label: string;
  value: number;
  min?: number;
  max?: number;
  step?: number;
  onChange?: (value: number) => void;
  onCommit?: (value: number) => void;
  valueText?: string;
  testId?: string;
  className?: string;
  disabled?: boolean;
}

/** One-thumb Radix slider: arrow keys, Home/End, PageUp/Down and aria-valuetext built in. */
export function Slider({ label, value, min = 0, max = 1, step = 0.01, onChange, onCommit, valueText, testId, className, disabled }: SliderProps) {
  return (
    <RadixSlider.Root
      className={`slider${className ? ` ${className}` : ''}`}
      value={[value]}
      min={min}
      max={max}
      step={step}
      disabled={disabled}
      onValueChange={(v) => v[0] !== undefined && onChange?.(v[0])}
      onValueCommit={(v) => v[0] !== undefined && onCommit?.(v[0])}
      data-testid={testId}
    >
      <RadixSlider.Track className="slider__track">
        <RadixSlider.Range className="slider__range" />
      </RadixSlider.Track>
      <RadixSlider.Thumb className="slider__thumb" aria-label={label} aria-valuetext={valueText} />
    </RadixSlider.Root>
  );
}
