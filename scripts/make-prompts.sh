#!/usr/bin/env bash
# Generates the switch's prompt WAVs (8 kHz mono 16-bit, silence trimmed) into packages/switch/prompts:
#   <lang>/digits/0..9, star, pound      digits for `say`
#   <lang>/numbers/...                   words for numbers (see packages/switch/src/flow/say-number.ts)
#   <lang>/<system prompt>               please-choose, invalid-input, no-input, goodbye, leave-message, busy, unavailable,
#                                        queue-ahead, queue-ahead-end, queue-next, queue-wait, queue-minutes (queue callers),
#                                        survey-prompt, survey-thanks (满意度评价: key 1 satisfied … 5 not satisfied)
#   moh/default.wav                      music on hold: a pentatonic melody on a plucked string over a soft bass
# Speech is espeak-ng (Mandarin: voice cmn-latn-pinyin with pinyin input; English: en-us), audio is sox.
# The output is deterministic; the generated files are committed, so run this only to change them.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/packages/switch/prompts"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "make-prompts: $tool is not installed" >&2; exit 1; }
done

# speak <lang> <name> <text>: one prompt, leading and trailing silence cut to 50 ms, peak at -3 dBFS.
speak() {
  local lang=$1 name=$2 text=$3 voice speed
  case "$lang" in
    zh-CN) voice=cmn-latn-pinyin speed=150 ;;
    en-US) voice=en-us speed=160 ;;
    *) echo "make-prompts: unknown language $lang" >&2; exit 1 ;;
  esac
  local file="$out/$lang/$name.wav"
  mkdir -p "$(dirname "$file")"
  espeak-ng -v "$voice" -s "$speed" -w "$tmp/raw.wav" "$text"
  sox -R "$tmp/raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$file" \
    silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse gain -n -3 pad 0.05 0.05
}

rm -rf "$out/zh-CN" "$out/en-US" "$out/moh"

# ---- zh-CN (pinyin with tone numbers) ----
zh_digits=(ling2 yi1 er4 san1 si4 wu3 liu4 qi1 ba1 jiu3)
for d in 0 1 2 3 4 5 6 7 8 9; do speak zh-CN "digits/$d" "${zh_digits[$d]}"; done
speak zh-CN digits/star "xing1 hao4"
speak zh-CN digits/pound "jing3 hao4"
speak zh-CN numbers/10 "shi2"
speak zh-CN numbers/hundred "bai3"
speak zh-CN numbers/thousand "qian1"
speak zh-CN numbers/ten-thousand "wan4"
speak zh-CN numbers/hundred-million "yi4"
speak zh-CN numbers/liang "liang3"
speak zh-CN please-choose "qing3 an4 jian4 xuan3 ze2"                         # 请按键选择
speak zh-CN invalid-input "shu1 ru4 wu2 xiao4, qing3 chong2 xin1 shu1 ru4"     # 输入无效，请重新输入
speak zh-CN no-input "mei2 you3 shou1 dao4 shu1 ru4"                          # 没有收到输入
speak zh-CN goodbye "zai4 jian4"                                              # 再见
speak zh-CN leave-message "qing3 zai4 ti2 shi4 yin1 hou4 liu2 yan2"           # 请在提示音后留言
speak zh-CN busy "dui4 fang1 zheng4 mang2, qing3 shao1 hou4 zai4 bo1"         # 对方正忙，请稍后再拨
speak zh-CN unavailable "dui4 fang1 zan4 shi2 wu2 fa3 jie1 tong1"             # 对方暂时无法接通
speak zh-CN queue-ahead "nin2 qian2 mian4 hai2 you3"                          # 您前面还有 (N)
speak zh-CN queue-ahead-end "wei4 ke4 hu4 zai4 deng3 dai4"                    # 位客户在等待
speak zh-CN queue-next "nin2 shi4 xia4 yi2 wei4, qing3 shao1 hou4"            # 您是下一位，请稍候
speak zh-CN queue-wait "yu4 ji4 deng3 dai4 shi2 jian1"                        # 预计等待时间 (N)
speak zh-CN queue-minutes "fen1 zhong1"                                       # 分钟
speak zh-CN survey-prompt "qing3 dui4 ben3 ci4 fu2 wu4 ping2 jia4, man3 yi4 an4 yi1, yi4 ban1 an4 san1, bu4 man3 yi4 an4 wu3" # 请对本次服务评价，满意按1，一般按3，不满意按5
speak zh-CN survey-thanks "gan3 xie4 nin2 de5 ping2 jia4, zai4 jian4"           # 感谢您的评价，再见

# ---- en-US ----
en_digits=(zero one two three four five six seven eight nine)
for d in 0 1 2 3 4 5 6 7 8 9; do speak en-US "digits/$d" "${en_digits[$d]}"; done
speak en-US digits/star "star"
speak en-US digits/pound "pound"
en_teens=(ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen)
for i in 0 1 2 3 4 5 6 7 8 9; do speak en-US "numbers/$((10 + i))" "${en_teens[$i]}"; done
en_tens=(twenty thirty forty fifty sixty seventy eighty ninety)
for i in 0 1 2 3 4 5 6 7; do speak en-US "numbers/$((20 + 10 * i))" "${en_tens[$i]}"; done
speak en-US numbers/hundred "hundred"
speak en-US numbers/thousand "thousand"
speak en-US numbers/million "million"
speak en-US please-choose "Please make your selection."
speak en-US invalid-input "Invalid input, please try again."
speak en-US no-input "No input received."
speak en-US goodbye "Goodbye."
speak en-US leave-message "Please leave a message after the tone."
speak en-US busy "The party you called is busy, please try again later."
speak en-US unavailable "The party you called is not available."
speak en-US queue-ahead "Callers ahead of you:"
speak en-US queue-ahead-end "Please stay on the line."
speak en-US queue-next "You are next in line, please hold."
speak en-US queue-wait "Your expected wait is about"
speak en-US queue-minutes "minutes."
speak en-US survey-prompt "Please rate our service: press 1 if satisfied, 3 if so-so, 5 if not satisfied."
speak en-US survey-thanks "Thank you for your rating. Goodbye."

# ---- music on hold: 8 phrases of 3.2 s (25.6 s), loops without a click ----
mkdir -p "$out/moh"
beat=0.4
# Melody, pentatonic on C; a note written X:2 lasts two beats.
phrases=(
  "E4 G4 A4 C5 A4 G4 E4 D4"
  "E4 G4 A4 G4 E4 D4 C4:2"
  "A4 C5 D5 E5 D5 C5 A4 G4"
  "A4 G4 E4 D4 E4 G4 C4:2"
  "G4 A4 C5 D5 C5 A4 G4 E4"
  "D4 E4 G4 A4 G4 E4 D4:2"
  "C5 A4 G4 E4 G4 A4 C5 D5"
  "E5 D5 C5 A4 G4 E4 C4:2"
)
bass=("C3:4 A2:4" "C3:4 G2:4" "F2:4 A2:4" "G2:4 C3:4" "C3:4 E3:4" "G2:4 D3:4" "A2:4 F2:4" "G2:4 C3:4")
n=0
melody=() low=()
for p in "${phrases[@]}"; do
  for note in $p; do
    pitch=${note%%:*} beats=1
    [[ $note == *:* ]] && beats=${note##*:}
    len=$(echo "$beat * $beats" | bc)
    f="$tmp/m$(printf %03d $n).wav"
    sox -R -n -r 8000 -c 1 -b 16 "$f" synth "$len" pluck "$pitch" vol 0.6 fade 0.005 "$len" 0.1
    melody+=("$f") n=$((n + 1))
  done
done
for b in "${bass[@]}"; do
  for note in $b; do
    pitch=${note%%:*} beats=${note##*:}
    len=$(echo "$beat * $beats" | bc)
    f="$tmp/b$(printf %03d $n).wav"
    sox -R -n -r 8000 -c 1 -b 16 "$f" synth "$len" sine "$pitch" vol 0.18 fade 0.2 "$len" 0.4
    low+=("$f") n=$((n + 1))
  done
done
sox -R "${melody[@]}" "$tmp/melody.wav"
sox -R "${low[@]}" "$tmp/bass.wav"
sox -R -m "$tmp/melody.wav" "$tmp/bass.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/moh/default.wav" \
  reverb 25 50 60 gain -n -6 fade 0.02 25.6 0.05 trim 0 25.6

echo "make-prompts: $(find "$out" -name '*.wav' | wc -l) files, $(du -sh "$out" | cut -f1) in $out"
