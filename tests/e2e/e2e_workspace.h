// The workflows written for the end-to-end suite. They sit next to the repository's
// example workspace (hello-world, diamond, failure-demo, ...) in every test cluster.
#pragma once

namespace stroem::e2e {

// `.workflows/e2e.yaml`. Inputs reach the shell only as STROEM_INPUT_* environment
// variables, so the values the tests send come back byte for byte.
inline constexpr const char* kE2eWorkflows = R"yaml(
actions:
  # Writes its input to a file exactly as received, and reports its length.
  record:
    type: shell
    cmd: |
      printf '%s' "$STROEM_INPUT_TEXT" > "$STROEM_INPUT_DIR/$STROEM_INPUT_FILE"
      echo "OUTPUT: {\"bytes\": $(printf '%s' "$STROEM_INPUT_TEXT" | wc -c)}"
    input:
      text: { type: string, required: true }
      dir: { type: string, required: true }
      file: { type: string, required: true }

  show-inputs:
    type: shell
    cmd: |
      echo "OUTPUT: {\"greeting\": \"$STROEM_INPUT_GREETING\", \"count\": $STROEM_INPUT_COUNT, \"loud\": $STROEM_INPUT_LOUD}"
    input:
      greeting: { type: string, required: true }
      count: { type: integer, required: true }
      loud: { type: boolean, required: true }

  # Creates its own marker, then waits (bounded) for the other's: both can only
  # succeed when they run at the same time.
  rendezvous:
    type: shell
    cmd: |
      touch "$STROEM_INPUT_DIR/$STROEM_INPUT_ME"
      i=0
      while [ ! -e "$STROEM_INPUT_DIR/$STROEM_INPUT_OTHER" ] && [ $i -lt 600 ]; do
        sleep 0.1; i=$((i + 1))
      done
      test -e "$STROEM_INPUT_DIR/$STROEM_INPUT_OTHER"
    input:
      dir: { type: string, required: true }
      me: { type: string, required: true }
      other: { type: string, required: true }

  # LINES lines of exactly 100 bytes: "line 0000000 " + 86 x "x" + "\n".
  big-log:
    type: shell
    cmd: |
      awk -v n="$STROEM_INPUT_LINES" 'BEGIN {
        pad = sprintf("%86s", ""); gsub(/ /, "x", pad)
        for (i = 0; i < n; i++) printf "line %07d %s\n", i, pad
      }'
    input:
      lines: { type: integer, required: true }

  ok:
    type: shell
    cmd: echo ok

  exit-with:
    type: shell
    cmd: |
      echo "failing on purpose" >&2
      exit {{ input.code | int }}
    input:
      code: { type: integer, required: true }

tasks:
  e2e-record:
    input:
      text: { type: string, required: true }
      dir: { type: string, required: true }
    flow:
      record:
        action: record
        input: { text: "{{ input.text }}", dir: "{{ input.dir }}", file: "text.out" }

  e2e-defaults:
    input:
      greeting: { type: string, default: "hej" }
      count: { type: integer, default: 3 }
      loud: { type: boolean, default: false }
      name: { type: string, required: true }
    flow:
      show:
        action: show-inputs
        input: { greeting: "{{ input.greeting }}", count: "{{ input.count }}", loud: "{{ input.loud }}" }

  e2e-parallel:
    input:
      dir: { type: string, required: true }
    flow:
      left:
        action: rendezvous
        input: { dir: "{{ input.dir }}", me: "left", other: "right" }
      right:
        action: rendezvous
        input: { dir: "{{ input.dir }}", me: "right", other: "left" }
      after:
        action: ok
        depends_on: [left, right]

  e2e-fail-chain:
    flow:
      breaks:
        action: exit-with
        input: { code: 7 }
      child:
        action: ok
        depends_on: [breaks]
      grandchild:
        action: ok
        depends_on: [child]
      unrelated:
        action: ok

  e2e-big-log:
    input:
      lines: { type: integer, required: true }
    flow:
      spill:
        action: big-log
        input: { lines: "{{ input.lines }}" }

  e2e-noop:
    flow:
      only:
        action: ok
)yaml";

}  // namespace stroem::e2e
