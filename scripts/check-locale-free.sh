#!/usr/bin/env bash
# Fails when product code reads or writes numbers through the C library's locale.
#
# Qt calls setlocale(LC_ALL, "") when the application object is made; from then on strtod, atof, sscanf and
# printf's %f/%g/%e follow the user's LC_NUMERIC, and under de_DE or fr_FR "0.5" reads as 0 and 0.5 prints as
# "0,5". pulmo and pulmo-cli set LC_NUMERIC back to "C", but the code must not depend on that: numbers in files,
# protocols and command lines go through std::from_chars/std::to_chars or QLocale::c() (QString::number and
# QString::toDouble are QLocale::c() already), and numbers for people through QLocale().toString.
#
# usage: scripts/check-locale-free.sh [FOLDER...]   (default: app viewer feedback inference)
set -euo pipefail
cd "$(dirname "$0")/.."
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(app viewer feedback inference)

# Lines allowed to match: none. Each entry would be FILE:TEXT, TEXT a fixed string of the line.
allowed=()

patterns=(
  # C and C++ library parsers that follow LC_NUMERIC (or throw instead of reporting, for the sto* family).
  '\b(std::)?(strtod|strtof|strtold|strtol|strtoll|strtoul|strtoull|atof|atoi|atol|atoll)[[:space:]]*\('
  '\bstd::sto(d|f|ld|i|l|ll|ul|ull)[[:space:]]*\('
  '\b(std::)?v?(sscanf|fscanf|scanf)[[:space:]]*\('
  # printf-family with a floating-point conversion (the format string is on the call's first or second line).
  '%[-+ #0]*([0-9]+|\*)?(\.([0-9]+|\*))?[lL]?[fFeEgGaA]'
  # A C++ stream or the whole program put into a locale other than the classic one.
  '\.imbue[[:space:]]*\(|std::locale::global'
  # Parsing with the user's locale instead of QLocale::c().
  'QLocale(::system)?\(\)\.to(Double|Float|Int|UInt|Long|ULong|LongLong|ULongLong|Short|UShort)[[:space:]]*\('
)

if [ -d .git ] || git rev-parse --git-dir > /dev/null 2>&1; then
  mapfile -t files < <(git ls-files -- "${folders[@]}" | grep -E '\.(cpp|h)$')
else
  mapfile -t files < <(find "${folders[@]}" -name '*.cpp' -o -name '*.h')
fi

status=0
for pattern in "${patterns[@]}"; do
  while IFS= read -r hit; do
    [ -n "$hit" ] || continue
    file=${hit%%:*}
    rest=${hit#*:}
    text=${rest#*:}
    # The %-pattern is for format strings: only printf-family calls (this line or the one before) count.
    if [[ $pattern == %* ]]; then
      line=${rest%%:*}
      context=$(sed -n "$((line > 1 ? line - 1 : 1)),${line}p" "$file")
      grep -Eq '\b(std::)?v?(s|sn|f|d|as)?printf[[:space:]]*\(' <<< "$context" || continue
    fi
    ok=0
    for entry in "${allowed[@]}"; do
      [ "$file" = "${entry%%:*}" ] && [[ $text == *"${entry#*:}"* ]] && ok=1 && break
    done
    [ $ok = 1 ] && continue
    echo "locale-dependent number: $hit" >&2
    status=1
  done < <(grep -nE "$pattern" "${files[@]}" /dev/null || true)
done
# setlocale only where pulmo and pulmo-cli set LC_NUMERIC back to "C" (app/common/NumericLocale.cpp).
while IFS= read -r hit; do
  [ -n "$hit" ] || continue
  case "$hit" in
    app/common/NumericLocale.cpp:*'std::setlocale(LC_NUMERIC, "C");'*) ;;
    *) echo "setlocale outside app/common/NumericLocale.cpp: $hit" >&2; status=1 ;;
  esac
done < <(grep -nE '\bsetlocale[[:space:]]*\(' "${files[@]}" /dev/null | grep -v '^[^:]*:[0-9]*:[[:space:]]*//' || true)

if [ $status = 0 ]; then
  echo "check-locale-free: no locale-dependent number parsing or formatting in ${folders[*]}"
else
  echo "check-locale-free: use std::from_chars/std::to_chars or QLocale::c() for files, protocols and command" \
    "lines, QLocale().toString for people (see README, 'Numbers in every locale')" >&2
fi
exit $status
