#!/bin/sh
# Step inputs arrive as STROEM_INPUT_* environment variables.
echo "The total is ${STROEM_INPUT_TOTAL}"
echo "OUTPUT: {\"total\": ${STROEM_INPUT_TOTAL}}"
