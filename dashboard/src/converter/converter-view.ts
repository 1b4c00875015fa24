import { describeError } from '../api/http.js';
import { convertBlob, identifyBlob } from '../api/registry-api.js';
import type { LayoutSummary } from '../api/types.js';
import { h } from '../dom/h.js';
import { bytes, plural } from '../format/format.js';
import { readBlobHeader } from './blob-header.js';
import { identifyPanel } from './identify-panel.js';
import { bytesUrl } from './save-bytes.js';

// Pick from/to, upload a saved vmcs12, get the converted blob back as a download and see which
// non-zero fields had no place in the target (the server reports loss per blob). "Detect the
// source layout" asks POST /identify which layout wrote the file, shows its evidence, and
// converts from `auto` (the server converts only when every candidate converts alike).
const AUTO = 'auto';
// struct kvm_nested_state as KVM_GET_NESTED_STATE saves it for VMX: the 128-byte header and the
// vmcs12 page, or with the shadow vmcs12 page too.
const NESTED_STATE_SIZES = [128 + 4096, 128 + 2 * 4096];

export class ConverterView {
  private layouts: LayoutSummary[] = [];
  private readonly from = h('select', { id: 'convert-from', name: 'from', required: true });
  private readonly to = h('select', { id: 'convert-to', name: 'to', required: true });
  private readonly file = h('input', { id: 'convert-file', name: 'blob', type: 'file', required: true, 'aria-describedby': 'convert-file-info' });
  private readonly strict = h('input', { id: 'convert-strict', name: 'strict', type: 'checkbox' });
  private readonly container = h('input', { id: 'convert-container', name: 'container', type: 'checkbox' });
  private readonly containerField = h(
    'div',
    { class: 'field field--inline', hidden: true },
    this.container,
    h('label', { for: 'convert-container' }, 'The file is a whole kvm_nested_state: convert its vmcs12 and shadow vmcs12 regions, keep the rest'),
  );
  private readonly fileInfo = h('p', { id: 'convert-file-info', class: 'hint' }, 'A saved vmcs12 blob of the source layout’s size (4096 bytes).');
  private readonly submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Convert and download');
  private readonly result = h('div', { class: 'converter__result', role: 'status', 'aria-live': 'polite' });
  private readonly error = h('p', { class: 'error', role: 'alert', hidden: true });
  private readonly identified = h('div', { class: 'converter__identify', 'aria-live': 'polite' });
  private identifying = 0; // the latest identification request; older answers are dropped

  constructor(root: HTMLElement) {
    const swap = h('button', { type: 'button', class: 'button button--icon', 'aria-label': 'Swap source and target', title: 'Swap source and target' }, '⇄');
    swap.addEventListener('click', () => {
      const from = this.from.value;
      if (from === AUTO) {
        return; // "detect" is a source only
      }
      this.from.value = this.to.value;
      this.to.value = from;
      void this.describeFile();
    });
    const form = h(
      'form',
      { class: 'converter', novalidate: true, 'aria-label': 'Convert a blob' },
      h(
        'div',
        { class: 'converter__pair' },
        h('div', { class: 'field' }, h('label', { for: 'convert-from' }, 'From layout'), this.from),
        swap,
        h('div', { class: 'field' }, h('label', { for: 'convert-to' }, 'To layout'), this.to),
      ),
      h('div', { class: 'field' }, h('label', { for: 'convert-file' }, 'Blob file'), this.file, this.fileInfo),
      this.identified,
      this.containerField,
      h('div', { class: 'field field--inline' }, this.strict, h('label', { for: 'convert-strict' }, 'Strict: refuse the conversion if any non-zero field would be lost')),
      h('div', { class: 'converter__actions' }, this.submit),
      this.error,
      this.result,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.convert();
    });
    this.file.addEventListener('change', () => void this.describeFile());
    this.container.addEventListener('change', () => void this.describeFile());
    this.from.addEventListener('change', () => void this.describeFile());
    root.append(form);
  }

  setLayouts(layouts: LayoutSummary[]): void {
    this.layouts = layouts;
    const keep = [this.from.value, this.to.value];
    const options = (): HTMLOptionElement[] => layouts.map((l) => h('option', { value: l.name }, `${l.name} (${l.revision})`));
    this.from.replaceChildren(h('option', { value: AUTO }, 'Detect the source layout (auto)'), ...options());
    this.to.replaceChildren(...options());
    this.from.value = keep[0] === AUTO || layouts.some((l) => l.name === keep[0]) ? (keep[0] ?? '') : (layouts[0]?.name ?? '');
    this.to.value = layouts.some((l) => l.name === keep[1]) ? (keep[1] ?? '') : (layouts[layouts.length - 1]?.name ?? '');
  }

  preset(from: string, to: string): void {
    this.from.value = from;
    this.to.value = to;
    void this.describeFile();
    this.file.scrollIntoView({ block: 'center' });
    this.file.focus();
  }

  // Checks the chosen file against the source layout before sending it: the server would
  // refuse a wrong size or revision with a 422 anyway, this only says so earlier.
  private async describeFile(): Promise<void> {
    const file = this.file.files?.[0];
    if (file === undefined) {
      return;
    }
    // A saved kvm_nested_state is offered as one: its first 4 bytes are flags and format, not a
    // vmcs12 header, and its size is no layout's.
    const nested = NESTED_STATE_SIZES.includes(file.size);
    this.containerField.hidden = !nested;
    this.container.checked = nested && (this.container.checked || this.container.dataset.size !== String(file.size));
    this.container.dataset.size = String(file.size);
    const asContainer = nested && this.container.checked;
    const header = readBlobHeader(await file.slice(asContainer ? 128 : 0, asContainer ? 132 : 4).arrayBuffer());
    const source = this.layouts.find((l) => l.name === this.from.value);
    void this.identify(file);
    const parts = [`${file.name}: ${bytes(file.size)}${asContainer ? `, a kvm_nested_state with ${file.size > 4224 ? 'vmcs12 and shadow vmcs12' : 'one vmcs12'}` : ''}`];
    if (header !== undefined) {
      const matching = this.layouts.filter((l) => l.revision === header.revision).length;
      parts.push(`header revision ${header.revision}${header.shadow ? ' (shadow VMCS)' : ''}, shared by ${plural(matching, 'layout')}`);
    }
    const warnings: string[] = [];
    if (source !== undefined && !asContainer && file.size !== source.size) {
      warnings.push(`${source.name} expects ${bytes(source.size)}`);
    }
    if (source !== undefined && header !== undefined && header.revision !== source.revision) {
      warnings.push(`${source.name} expects revision ${source.revision}`);
    }
    this.fileInfo.replaceChildren(parts.join(' · '), ...warnings.map((w) => h('span', { class: 'warning' }, ` ⚠ ${w}`)));
  }

  // With "auto" chosen: which layout wrote the file, and the evidence for and against each.
  private async identify(file: File): Promise<void> {
    const request = ++this.identifying;
    if (this.from.value !== AUTO) {
      this.identified.replaceChildren();
      return;
    }
    this.identified.replaceChildren(h('p', { class: 'muted' }, `Reading ${file.name} through every registered layout…`));
    try {
      const id = await identifyBlob(await file.arrayBuffer());
      if (request === this.identifying) {
        this.identified.replaceChildren(identifyPanel(id));
      }
    } catch (error) {
      if (request === this.identifying) {
        this.identified.replaceChildren(h('p', { class: 'error' }, `Identification failed: ${describeError(error)}`));
      }
    }
  }

  private async convert(): Promise<void> {
    const file = this.file.files?.[0];
    const from = this.from.value;
    const to = this.to.value;
    this.error.hidden = true;
    if (file === undefined) {
      this.showError('Choose a blob file to convert.');
      this.file.focus();
      return;
    }
    this.submit.disabled = true;
    this.result.replaceChildren(h('p', { class: 'muted' }, `Converting ${file.name} from ${from} to ${to}…`));
    try {
      const container = !this.containerField.hidden && this.container.checked;
      const converted = await convertBlob(from, to, await file.arrayBuffer(), this.strict.checked, container);
      const name = `${file.name.replace(/\.[^.]*$/, '')}.${to}.bin`;
      const link = h('a', { class: 'button', href: bytesUrl(converted.bytes), download: name, 'data-action': 'download-blob' }, `⬇ ${name}`);
      const detected =
        converted.source === undefined
          ? ''
          : h('p', { class: 'converter__source', 'data-source': converted.source }, `Detected source: ${converted.source} (candidates: ${converted.sourceCandidates.join(', ')})`);
      this.result.replaceChildren(...this.describeResult(converted.source ?? from, to, converted.bytes.length, converted.lost, converted.planId), detected, h('p', {}, link));
      link.click();
    } catch (error) {
      this.result.replaceChildren();
      this.showError(`Conversion failed: ${describeError(error)}`);
    } finally {
      this.submit.disabled = false;
    }
  }

  private describeResult(from: string, to: string, size: number, lost: string[], planId: string | undefined): HTMLElement[] {
    const target = this.layouts.find((l) => l.name === to);
    const summary = h(
      'p',
      { class: 'converter__summary' },
      h('strong', {}, 'Converted'), ` ${from} → ${to}: ${bytes(size)}`,
      target === undefined ? '' : `, header ${target.revision}`,
      planId === undefined ? '' : `, plan ${planId.slice(0, 12)}`,
    );
    const loss =
      lost.length === 0
        ? h('p', { class: 'converter__loss converter__loss--none' }, h('span', { 'aria-hidden': 'true' }, '✓ '), `Nothing lost: every non-zero field has a place in ${to}.`)
        : h(
            'div',
            { class: 'converter__loss' },
            h('p', {}, h('span', { 'aria-hidden': 'true' }, '− '), h('strong', {}, `${plural(lost.length, 'field')} lost`), ` (non-zero in the input, absent or narrower in ${to}):`),
            h('ul', { class: 'chips chips--lost', 'data-list': 'converted-lost' }, ...lost.map((f) => h('li', { class: 'chip-static chip-static--lost' }, f))),
          );
    return [summary, loss];
  }

  private showError(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
  }
}
