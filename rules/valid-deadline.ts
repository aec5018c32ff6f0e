import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { channelOptionsRolesOf } from '../src/analysis/options/channel-option-objects.js';
import { objectUsesOf } from '../src/analysis/options/object-uses.js';
import { misreadTimeout, serviceConfigTimeouts } from '../src/analysis/options/service-config.js';
import { durationName, timeValueOf } from '../src/analysis/options/time-values.js';
import { createRule } from '../src/create-rule.js';
import { SERVICE_CONFIG } from '../src/model/channel-options.js';
import { DEADLINE_KEYS, DEADLINE_OPTIONS, DEADLINE_PARAMETERS, EPOCH_THRESHOLD_MS, type DeadlineOption } from '../src/model/deadlines.js';
import { getRpcModel } from '../src/model/index.js';
import { declaredOptionsOf, declaredTypeAt, isDeclaredAs, optionsOfType } from '../src/model/option-types.js';
import { calleeOf, propertyKeyName, staticMemberName, textMayName } from '../src/syntax/ast.js';
import { hasTypeFlag } from '../src/model/checker.js';

/*
 * rpc/valid-deadline (issue 27, RPC-FACTS §9.4): grpc-js takes a deadline as an absolute time, the
 * nice-grpc deadline middleware, connect and protobuf-ts a duration in milliseconds; a value of the
 * other kind fails every call at once or gives it no useful timeout. grpc-js also misreads fractional
 * service-config timeouts. What kind of time a value is: src/analysis/options/time-values.ts.
 */

type MessageIds =
  | 'durationAsDeadline'
  | 'namedDurationAsDeadline'
  | 'dateFromDuration'
  | 'timeAsDuration'
  | 'timeSinceDeadline'
  | 'serviceConfigTimeout'
  | 'addNow'
  | 'useValue'
  | 'padTimeout';

/** Longer values are written `…` in messages. */
const MAX_TEXT = 48;

export default createRule<[], MessageIds>({
  name: 'valid-deadline',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow deadlines and timeouts in the wrong unit, and service-config timeouts grpc-js misreads',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      durationAsDeadline:
        '`{{text}}` is a duration, but grpc-js reads a numeric deadline as a time since 1970: it has already passed, so the call fails at once with DEADLINE_EXCEEDED. Use `Date.now() + {{text}}`.',
      namedDurationAsDeadline:
        '`{{text}}` is named like a duration, but grpc-js reads a numeric deadline as a time since 1970: it has already passed, so the call fails at once with DEADLINE_EXCEEDED. Use `Date.now() + {{text}}`.',
      dateFromDuration:
        '`{{text}}` is a moment in January 1970: the deadline has already passed and the call fails at once with DEADLINE_EXCEEDED. Use `new Date(Date.now() + {{argument}})`.',
      timeAsDuration: '`{{text}}` is a time since 1970, but {{library}} reads `{{key}}` as a duration in ms (decades){{effect}}. Pass the duration{{fix}}.',
      timeSinceDeadline:
        '`{{text}}` is the time since `{{moment}}`, negative until then: {{library}} reads `{{key}}` as a duration{{effect}}. Use `{{moment}} - Date.now()`.',
      serviceConfigTimeout:
        'grpc-js reads the service-config timeout "{{value}}" as {{seconds}} s + {{nanos}} ns: it takes the digits after the point as nanoseconds without padding them to nine. Write "{{fixed}}".',
      addNow: 'Use `Date.now() + {{text}}`.',
      useValue: 'Use `{{fixed}}`.',
      padTimeout: 'Write "{{fixed}}".',
    },
  },
  defaultOptions: [],
  create(context) {
    const model = getRpcModel(context, 'rpc');
    if (!model) return {};
    const { sourceCode } = context;
    // Every report starts at a deadline key, the service config key or a callee taking a deadline: a file that names none has none.
    if (!textMayName(sourceCode.text, [...DEADLINE_KEYS, SERVICE_CONFIG.key, ...DEADLINE_PARAMETERS.callees.keys()])) return {};

    function checkProperty(property: TSESTree.Property): void {
      if (property.parent.type !== 'ObjectExpression') return;
      const key = propertyKeyName(property);
      if (key === null) return;
      if (key === SERVICE_CONFIG.key) {
        if (channelOptionsRolesOf(property.parent, model!, sourceCode).size > 0) checkServiceConfig(property.value);
        return;
      }
      if (!DEADLINE_KEYS.has(key)) return;
      const candidates = DEADLINE_OPTIONS.filter((option) => option.key === key);
      if (!mayBeMisread(property.value, candidates)) return;
      for (const at of objectUsesOf(property.parent, sourceCode)) {
        const option = declaredOptionsOf(model!.tsNodeOf(at) as ts.Expression, candidates, model!);
        if (option) {
          checkValue(property.value, option);
          return;
        }
      }
    }

    /** `options.deadline = …` in an interceptor or a helper: judged by the declared type of `options`. */
    function checkAssignment(assignment: TSESTree.AssignmentExpression): void {
      const target = assignment.left;
      if (assignment.operator !== '=' && assignment.operator !== '??=' && assignment.operator !== '||=') return;
      if (target.type !== 'MemberExpression') return;
      const key = staticMemberName(target);
      if (key === null || !DEADLINE_KEYS.has(key)) return;
      const candidates = DEADLINE_OPTIONS.filter((option) => option.key === key);
      if (!mayBeMisread(assignment.right, candidates)) return;
      const type = model!.typeOf(target.object);
      const option = type && optionsOfType(type, candidates, model!);
      if (option) checkValue(assignment.right, option);
    }

    /** `client.waitForReady(deadline, cb)`, `waitForClientReady(client, deadline, cb)`: a grpc-js `Deadline` parameter. */
    function checkCall(call: TSESTree.CallExpression): void {
      const callee = calleeOf(call);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : null;
      const index = name === null ? undefined : DEADLINE_PARAMETERS.callees.get(name);
      const argument = index === undefined ? undefined : call.arguments[index];
      if (!argument || argument.type === 'SpreadElement' || !mayBeMisread(argument, [DEADLINE_PARAMETERS.option])) return;
      const declared = declaredTypeAt(model!.tsNodeOf(argument) as ts.Expression, model!.checker);
      if (declared && isDeclaredAs(declared, DEADLINE_PARAMETERS.type)) checkValue(argument, DEADLINE_PARAMETERS.option);
    }

    /**
     * Syntax before types: whether `checkValue` could report `value` for one of `options` (a duration,
     * a date or a value named like a duration where a deadline is expected, a time since 1970 where a
     * duration is). Only then is the declared type of its position asked: `{ deadline: Date.now() + ms }`
     * is right whatever the type says.
     */
    function mayBeMisread(value: TSESTree.Node, options: readonly DeadlineOption[]): boolean {
      const time = timeValueOf(value, sourceCode);
      const { kind } = time;
      return options.some((option) =>
        option.unit === 'absolute' ? kind === 'duration' || kind === 'date' || (kind === 'unknown' && durationName(value) !== null) : kind === 'epoch' || (kind === 'duration' && time.since !== undefined),
      );
    }

    function checkValue(value: TSESTree.Node, option: DeadlineOption): void {
      const time = timeValueOf(value, sourceCode);
      const text = shortText(value);
      if (option.unit === 'absolute') {
        if (time.kind === 'duration') {
          context.report({ node: value, messageId: 'durationAsDeadline', data: { text }, suggest: addNow(value) });
        } else if (time.kind === 'date' && time.epochMs !== null && time.epochMs < EPOCH_THRESHOLD_MS && value.type === 'NewExpression') {
          const argument = value.arguments[0]!;
          context.report({
            node: value,
            messageId: 'dateFromDuration',
            data: { text, argument: shortText(argument) },
            suggest: [
              {
                messageId: 'useValue',
                data: { fixed: clip(`new Date(Date.now() + ${operand(argument)})`) },
                fix: (fixer) => fixer.replaceText(argument, `Date.now() + ${operand(argument)}`),
              },
            ],
          });
        } else if (time.kind === 'unknown' && durationName(value) !== null && isNumber(value)) {
          context.report({ node: value, messageId: 'namedDurationAsDeadline', data: { text }, suggest: addNow(value) });
        }
        return;
      }
      if (time.kind === 'duration' && time.since) {
        const moment = sourceCode.getText(time.since);
        const fixed = `${operand(time.since)} - Date.now()`;
        context.report({
          node: value,
          messageId: 'timeSinceDeadline',
          data: { text, moment: moment.length <= MAX_TEXT ? moment : '…', library: option.label, key: option.key, effect: option.negativeEffect ? `, and ${option.negativeEffect}` : '' },
          suggest: [{ messageId: 'useValue', data: { fixed: clip(fixed) }, fix: (fixer) => fixer.replaceText(value, fixed) }],
        });
        return;
      }
      if (time.kind !== 'epoch') return;
      const fixed = time.offset ? sourceCode.getText(time.offset) : isLiteral(value) ? null : `${sourceCode.getText(value)} - Date.now()`;
      context.report({
        node: value,
        messageId: 'timeAsDuration',
        data: {
          library: option.label,
          key: option.key,
          text,
          effect: option.wrongUnitEffect ? `; ${option.wrongUnitEffect}` : '',
          fix: fixed !== null && fixed.length <= MAX_TEXT ? `: \`${fixed}\`` : '',
        },
        suggest: fixed === null ? [] : [{ messageId: 'useValue', data: { fixed: clip(fixed) }, fix: (fixer) => fixer.replaceText(value, fixed) }],
      });
    }

    function addNow(value: TSESTree.Node): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      return [{ messageId: 'addNow', data: { text: shortText(value) }, fix: (fixer) => fixer.replaceText(value, `Date.now() + ${operand(value)}`) }];
    }

    function checkServiceConfig(value: TSESTree.Node): void {
      const config = serviceConfigTimeouts(model!.tsNodeOf(value) as ts.Expression, model!.checker);
      const reported = new Set<string>();
      for (const timeout of config?.timeouts ?? []) {
        const misread = misreadTimeout(timeout.value);
        const node = model!.esTreeNodeOf(timeout.node) ?? value;
        const id = `${node.range.join(':')} ${timeout.value}`;
        if (!misread || reported.has(id)) continue;
        reported.add(id);
        context.report({
          node,
          messageId: 'serviceConfigTimeout',
          data: { value: timeout.value, seconds: misread.seconds, nanos: misread.nanos, fixed: misread.fixed },
          suggest: padSuggestion(node, timeout.value, misread.fixed, timeout.inJsonText),
        });
      }
    }

    /** Pads the digits in the string literal that writes the timeout (or in the JSON text, where it is written as is). */
    function padSuggestion(node: TSESTree.Node, written: string, fixed: string, inJsonText: boolean): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (node.type !== 'Literal' && node.type !== 'TemplateLiteral') return [];
      const raw = sourceCode.getText(node);
      const target = inJsonText ? `"${written}"` : written;
      if (!raw.includes(target) || (!inJsonText && raw.slice(1, -1) !== written)) return [];
      const replaced = raw.replaceAll(target, inJsonText ? `"${fixed}"` : fixed);
      return [{ messageId: 'padTimeout', data: { fixed }, fix: (fixer) => fixer.replaceText(node, replaced) }];
    }

    function shortText(node: TSESTree.Node): string {
      const text = sourceCode.getText(node);
      return text.length <= MAX_TEXT && !text.includes('\n') ? text : '…';
    }

    /** `node` as the right operand of `+`: parenthesised unless it binds at least as tightly. */
    function operand(node: TSESTree.Node): string {
      const text = sourceCode.getText(node);
      const tight = node.type === 'BinaryExpression' ? node.operator === '*' || node.operator === '/' || node.operator === '%' || node.operator === '**' : !['ConditionalExpression', 'LogicalExpression', 'AssignmentExpression', 'SequenceExpression', 'ArrowFunctionExpression', 'TSAsExpression', 'TSSatisfiesExpression'].includes(node.type);
      return tight ? text : `(${text})`;
    }

    function isNumber(node: TSESTree.Node): boolean {
      const type = model!.typeOf(node);
      return type !== null && hasTypeFlag(type, 'NumberLike');
    }

    return { Property: checkProperty, CallExpression: checkCall, AssignmentExpression: checkAssignment };
  },
});

function isLiteral(node: TSESTree.Node): boolean {
  return node.type === 'Literal';
}

function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}
