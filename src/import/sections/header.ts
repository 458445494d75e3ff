// 基本信息: 项目名称, 项目年份, 项目主管部门(单位) — each label followed by its value in the same row.
import { normalizeText, type Project } from '../../../rules/index.js';
import { cellKey, cellText, type Cell, type Row } from '../layout.js';
import { issue, limitText, linePrefix, type Issues } from '../issues.js';

const LABELS = {
  name: (k: string) => k === '项目名称',
  year: (k: string) => k === '项目年份' || k === '年份' || k === '年度',
  department: (k: string) => k.startsWith('项目主管部门') || k === '主管部门' || k === '主管部门(单位)',
} as const;

const isHeaderLabel = (k: string) => Object.values(LABELS).some((m) => m(k));

/** The cell right after the label in the same row, unless it is itself a label. */
function valueAfter(rows: readonly Row[], match: (k: string) => boolean): { label?: Cell; value?: Cell } {
  for (const row of rows) {
    const i = row.cells.findIndex((c) => match(cellKey(c)));
    if (i < 0) continue;
    const next = row.cells[i + 1];
    return { label: row.cells[i], value: next && !isHeaderLabel(cellKey(next)) ? next : undefined };
  }
  return {};
}

export function readHeader(rows: readonly Row[], issues: Issues): Project {
  const project: Project = {};
  const name = valueAfter(rows, LABELS.name);
  const nameText = cellText(name.value);
  if (nameText) project.name = limitText(nameText, 200, { line: name.value!.line, field: 'project.name', label: '项目名称' }, issues);
  else if (name.label) issues.push(issue(name.label.line, 'project.name', `${linePrefix(name.label.line)}项目名称没有填写。请补上。`));

  const dept = valueAfter(rows, LABELS.department);
  const deptText = cellText(dept.value);
  if (deptText) project.department = limitText(deptText, 200, { line: dept.value!.line, field: 'project.department', label: '项目主管部门(单位)' }, issues);

  const year = valueAfter(rows, LABELS.year);
  const yearText = normalizeText(cellText(year.value)).replace(/\s+/g, '');
  if (yearText) {
    const m = /^(\d{4})(年|年度)?$/.exec(yearText);
    const n = m ? Number(m[1]) : NaN;
    if (m && n >= 2000 && n <= 2100) project.year = n;
    else {
      const line = year.value!.line;
      issues.push(issue(line, 'project.year', `${linePrefix(line)}项目年份“${yearText.slice(0, 20)}”不是年份。请填写四位年份，例如 2021。`));
    }
  } else if (year.label) {
    issues.push(issue(year.label.line, 'project.year', `${linePrefix(year.label.line)}项目年份没有填写，将按默认规则评分。请补上年份，例如 2021。`));
  }
  return project;
}
