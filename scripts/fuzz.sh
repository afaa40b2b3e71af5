#!/usr/bin/env bash
echo "fuzz target not built yet" >&2; exit 1
