// The FileDelivery port: produced files as chat attachments. Inline (data: URL) where the channel
// accepts inline files and the file is small enough, otherwise an expiring download link served by
// the bot's own server: ${publicBaseUrl}/files/<token>/<name>.
import type { ChannelCaps, DeliveredFile, ExportedFile, FileDelivery } from '../../dialogs/ports.js';
import type { FileScope, LinkStore } from './store.js';

export type LinkFileDeliveryOptions = {
  store: LinkStore;
  /** The server's public address, e.g. https://bot.example.cn (no trailing slash needed). */
  publicBaseUrl: string;
  /** Link lifetime; the store's default (24 h) when absent. */
  ttlMs?: number;
  /** Larger files go by link even where inline files are accepted (default 4 MB). */
  maxInlineBytes?: number;
};

export class LinkFileDelivery implements FileDelivery {
  private readonly base: string;

  constructor(private readonly options: LinkFileDeliveryOptions) {
    const url = new URL(options.publicBaseUrl);
    this.base = url.href.replace(/\/+$/, '');
  }

  async deliver(files: ExportedFile[], scope: FileScope, caps: ChannelCaps): Promise<DeliveredFile[]> {
    const maxInline = this.options.maxInlineBytes ?? 4 * 1024 * 1024;
    const out: DeliveredFile[] = [];
    for (const file of files) {
      if (caps.inlineFiles && file.bytes.byteLength <= maxInline) {
        out.push({ name: file.name, contentType: file.contentType, contentUrl: `data:${file.contentType};base64,${Buffer.from(file.bytes).toString('base64')}` });
        continue;
      }
      const { token, expiresAt } = await this.options.store.put(file, scope, this.options.ttlMs);
      out.push({ name: file.name, contentType: file.contentType, contentUrl: `${this.base}/files/${token}/${encodeURIComponent(file.name)}`, expiresAt });
    }
    return out;
  }
}
