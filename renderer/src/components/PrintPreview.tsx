// The printer's own rendering of a document (receipt.preview / report.preview): the virtual printer's SVG shown as
// an <img> from a data: URL, never injected as markup (the SVG is the service's, but an <img> cannot run anything).
import type { PrintPreviewView } from '../../../service/contract';
import { svgDataUrl } from '../lib/svg-preview';

interface Props {
  preview: PrintPreviewView | null;
  /** Accessible name, e.g. "Receipt TR-T01-000001". */
  label: string;
  loading?: boolean;
  testId?: string;
}

export function PrintPreview({ preview, label, loading, testId }: Props) {
  return (
    <div className="paper-preview" data-testid={testId} aria-busy={loading ? 'true' : undefined}>
      {preview ? (
        <img className="paper-image" src={svgDataUrl(preview.svg)} alt={preview.text.join('\n')} title={label} data-testid={testId ? `${testId}-img` : undefined} />
      ) : (
        <div className="paper-empty">{loading ? <span className="spinner" aria-hidden="true" /> : null}</div>
      )}
    </div>
  );
}
