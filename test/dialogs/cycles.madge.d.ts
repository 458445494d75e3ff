// The part of madge's JS API the import-cycle test uses (madge ships no types).
declare module 'madge' {
  type Result = { obj(): Record<string, string[]>; circular(): string[][] };
  function madge(path: string | string[], config?: { fileExtensions?: string[]; baseDir?: string; tsConfig?: string }): Promise<Result>;
  export default madge;
}
