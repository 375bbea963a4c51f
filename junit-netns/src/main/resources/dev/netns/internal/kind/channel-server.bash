# junit-netns exec channel: one long-lived bash in a kind node that runs programs on request.
# This code is fixed; requests arrive on stdin as data (NUL-terminated fields), never as code:
#   token, argc, argv..., envc, NAME=VALUE..., stdin length ("t<n>" for text), stdin bytes
# Each program runs as `exec "${argv[@]}"` in a background job of its own (set -m: its own
# process group, so that the client can end it and its children on timeout) with its stdin from
# a pipe, an unlinked file or /dev/null. Its stdout and stderr stream straight back; on stderr the server adds
#   \0 \1 J N <token> SP p <pid> LF        when the program started
# and on both streams, when it ended,
#   \0 \1 J N <token> SP = <exit status> LF
# argc 0 ends the channel; so does the end of stdin (the JVM went away).
PATH="${PATH:+$PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
LC_ALL=C
# fd 3 is the real stderr; the shell's own stderr (job notices) goes nowhere
exec 3>&2 2>/dev/null
set -m
missing=
for tool in ip nsenter head timeout ping; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
printf '\0\1JNready =ok%s\n' "$missing"
printf '\0\1JNready =ok%s\n' "$missing" >&3
num='^[0-9]+$'
while IFS= read -r -d '' token && IFS= read -r -d '' argc; do
  [[ $token =~ ^[A-Za-z0-9]+$ && $argc =~ $num ]] || exit 65
  (( argc == 0 )) && exit 0
  argv=()
  for (( i = 0; i < argc; i++ )); do
    IFS= read -r -d '' a || exit 0
    argv+=("$a")
  done
  IFS= read -r -d '' envc && [[ $envc =~ $num ]] || exit 65
  envs=()
  for (( i = 0; i < envc; i++ )); do
    IFS= read -r -d '' a || exit 0
    envs+=("$a")
  done
  # stdin: "<n>" = n bytes of any kind (copied by head), "t<n>" = n bytes of text without NUL
  # (read by bash itself: no extra process)
  IFS= read -r -d '' inlen && [[ $inlen =~ ^t?[0-9]+$ ]] || exit 65
  # The program's stdin is fd 4. Nothing of it stays on disk, even when the server is killed:
  # text goes through a pipe from this shell; other bytes through a file that is unlinked as
  # soon as it is open (a kill in those microseconds is the only way to leave it behind).
  exec 4</dev/null
  if [[ $inlen == t* && $inlen != t0 ]]; then
    IFS= read -r -N "${inlen#t}" text || exit 0
    exec 4< <(printf '%s' "$text")
  elif [[ $inlen != 0 && $inlen != t0 ]]; then
    f=${TMPDIR:-/tmp}/junit-netns-channel.$$.$token
    head -c "$inlen" > "$f" || { rm -f -- "$f"; exit 0; }
    exec 4< "$f"
    rm -f -- "$f"
  fi
  if (( envc > 0 )); then
    ( for kv in "${envs[@]}"; do export "$kv"; done; exec "${argv[@]}" ) <&4 4<&- 2>&3 3>&- &
  else
    ( exec "${argv[@]}" ) <&4 4<&- 2>&3 3>&- &
  fi
  exec 4<&-
  pid=$!
  printf '\0\1JN%s p%d\n' "$token" "$pid" >&3
  wait "$pid"
  status=$?
  printf '\0\1JN%s =%d\n' "$token" "$status"
  printf '\0\1JN%s =%d\n' "$token" "$status" >&3
done
