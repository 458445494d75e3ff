// The national 项目支出绩效自评表: model, rule set national-2020, scoring, explanations, reports.
export * from './model.js';
export * from './ruleset.js';
export * from './score.js';
export * from './explain.js';
export * from './report.js';
