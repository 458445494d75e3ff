// FileDelivery for the terminal: produced files are written to a folder and shown as paths.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DeliveredFile, ExportedFile, FileDelivery } from '../../dialogs/ports.js';

const safe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120) || 'file';

export class FolderFileDelivery implements FileDelivery {
  constructor(private readonly folder: string) {}

  async deliver(files: ExportedFile[], scope: { userId: string; formKey: string }): Promise<DeliveredFile[]> {
    const dir = resolve(this.folder, safe(scope.userId));
    await mkdir(dir, { recursive: true });
    const out: DeliveredFile[] = [];
    for (const f of files) {
      const path = join(dir, safe(f.name));
      await writeFile(path, f.bytes);
      out.push({ name: f.name, contentType: f.contentType, contentUrl: path });
    }
    return out;
  }
}
