/**
 * Minimal type declarations of the ZIP and PDF packages the bundle uses;
 * none of them ships its own, and only these members are called.
 */
declare module 'yazl' {
  import type { Readable } from 'node:stream';

  /** Options of one ZIP entry. */
  export interface EntryOptions {
    mtime?: Date;
    mode?: number;
    compress?: boolean;
    compressionLevel?: number;
    forceDosTimestamp?: boolean;
    forceZip64Format?: boolean;
    size?: number;
  }

  /** A ZIP archive being written. */
  export class ZipFile {
    outputStream: Readable;
    addReadStream(s: Readable, name: string, o?: EntryOptions): void;
    addBuffer(b: Buffer, name: string, o?: EntryOptions): void;
    addEmptyDirectory(name: string, o?: EntryOptions): void;
    end(o?: { forceZip64Format?: boolean }): void;
  }

  const yazl: { ZipFile: typeof ZipFile };
  export default yazl;
}

declare module 'yauzl' {
  import type { Readable } from 'node:stream';

  /** One entry of the central directory. */
  export interface Entry {
    fileName: string;
    uncompressedSize: number;
    isEncrypted(): boolean;
  }

  /** A ZIP archive opened for reading. */
  export interface ZipFile {
    eachEntry(): AsyncIterableIterator<Entry>;
    openReadStreamPromise(e: Entry): Promise<Readable>;
    close(): void;
  }

  /** Options of `openPromise`. */
  export interface OpenOptions {
    lazyEntries?: boolean;
    autoClose?: boolean;
    strictFileNames?: boolean;
    validateEntrySizes?: boolean;
  }

  const yauzl: {
    openPromise(path: string, o?: OpenOptions): Promise<ZipFile>;
  };
  export default yauzl;
}

declare module 'pdfkit' {
  import { Readable } from 'node:stream';

  /** Text layout options. */
  export interface TextOptions {
    width?: number;
    align?: 'left' | 'right' | 'center' | 'justify';
    continued?: boolean;
    lineGap?: number;
    indent?: number;
  }

  /** Document options. */
  export interface DocumentOptions {
    size?: string;
    margin?: number;
    bufferPages?: boolean;
    autoFirstPage?: boolean;
    info?: Record<string, string | Date>;
  }

  /** A PDF document; its bytes are read as a stream. */
  class PDFDocument extends Readable {
    constructor(o?: DocumentOptions);
    x: number;
    y: number;
    page: {
      width: number;
      height: number;
      margins: { top: number; bottom: number; left: number; right: number };
    };
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    lineWidth(w: number): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    stroke(): this;
    text(text: string, o?: TextOptions): this;
    text(text: string, x: number, y: number, o?: TextOptions): this;
    heightOfString(text: string, o?: TextOptions): number;
    moveDown(lines?: number): this;
    addPage(): this;
    bufferedPageRange(): { start: number; count: number };
    switchToPage(n: number): this;
    end(): void;
  }

  export default PDFDocument;
}
