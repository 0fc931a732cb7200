// parseClientMessage: strict validation of the client's control messages, never a throw.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseClientMessage } from '../../common/protocol.js';

test('valid messages parse to themselves', () => {
  const messages = [
    { type: 'hello', token: 't', demo: 'processus', session: 'abc_-1', cols: 80, rows: 24 },
    { type: 'hello', token: 't', demo: null, session: null, cols: 2, rows: 1 },
    { type: 'resize', cols: 500, rows: 200 },
    { type: 'ack', bytes: 32768 },
    { type: 'play', step: 0 },
    { type: 'play', step: 9999 },
    { type: 'restart' },
  ];
  for (const message of messages) {
    assert.deepEqual(parseClientMessage(JSON.stringify(message)), { ok: true, message });
  }
});

test('invalid messages give a typed error, never a throw', () => {
  const cases: Array<[string, string]> = [
    ['', 'bad-message'],
    ['null', 'bad-message'],
    ['"hello"', 'bad-message'],
    ['[]', 'bad-message'],
    ['{}', 'bad-message'],
    ['{"type":7}', 'bad-message'],
    ['{"type":"toString"}', 'unknown-type'],
    ['{"type":"__proto__"}', 'unknown-type'],
    ['{"type":"restart","__proto__":{"x":1}}', 'bad-message'],
    ['{"type":"resize","cols":80.5,"rows":24}', 'bad-message'],
    ['{"type":"resize","cols":1,"rows":24}', 'bad-message'],
    ['{"type":"resize","cols":80,"rows":201}', 'bad-message'],
    ['{"type":"resize","cols":80}', 'bad-message'],
    ['{"type":"ack","bytes":0}', 'bad-message'],
    ['{"type":"ack","bytes":1e300}', 'bad-message'],
    ['{"type":"play"}', 'bad-message'],
    ['{"type":"play","step":-1}', 'bad-message'],
    ['{"type":"play","step":1.5}', 'bad-message'],
    ['{"type":"play","step":10000}', 'bad-message'],
    ['{"type":"play","step":"2"}', 'bad-message'],
    ['{"type":"play","step":2,"label":"3: x"}', 'bad-message'],
    ['{"type":"mark","label":"step 3"}', 'unknown-type'],
    ['{"type":"hello","token":"t","demo":"Bad_Name","session":null,"cols":80,"rows":24}', 'bad-message'],
    ['{"type":"hello","token":"t","demo":null,"session":"../x","cols":80,"rows":24}', 'bad-message'],
    ['{"type":"hello","token":"t","demo":null,"cols":80,"rows":24}', 'bad-message'],
  ];
  for (const [text, code] of cases) {
    const result = parseClientMessage(text);
    assert.equal(result.ok, false, text);
    if (!result.ok) assert.equal(result.error.code, code, text);
  }
});
