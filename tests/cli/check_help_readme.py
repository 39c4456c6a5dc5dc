"""Every command's --help against its row in README.md's Commands table (issue 14).

For each command (read off `hypershap --help`, not listed here): every option its --help lists
appears in the README row(s) of `hypershap COMMAND` and every option the row names exists in
--help; the positional arguments have the same names; `--game ... all` is mentioned in both or
in neither; the exit codes of the help's footer are those of the README's "Which command returns
which" table. Usage: check_help_readme.py HYPERSHAP README.md
"""
import re
import subprocess
import sys

exe, readme_path = sys.argv[1], sys.argv[2]
readme = open(readme_path, encoding="utf-8").read()
OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*|-[a-z])(?![\w-])")
problems = []


def run_help(*args):
    result = subprocess.run([exe, *args, "--help"], capture_output=True, text=True)
    if result.returncode != 0:
        problems.append(f"hypershap {' '.join(args)} --help exited {result.returncode}")
    return result.stdout


def section(text, title, end_titles):
    """The lines after `title:` up to the next of `end_titles` (CLI11's help sections)."""
    if title + ":" not in text:
        return ""
    rest = text.split(title + ":", 1)[1]
    for end in end_titles:
        rest = rest.split(end + ":", 1)[0]
    return rest


top = run_help()
commands = [m.group(1) for m in re.finditer(r"^  ([a-z]+)\s", section(top, "Subcommands", []), re.M)]
if len(commands) < 5:
    problems.append(f"could not read the commands off hypershap --help: {commands}")

codes_table = {}
for m in re.finditer(r"^\| `([a-z]+)` \| ([0-9, ]+) \|$", readme, re.M):
    codes_table[m.group(1)] = sorted(int(c) for c in m.group(2).split(","))

for command in commands:
    text = run_help(command)
    rows = [line for line in readme.splitlines()
            if re.match(r"\| `hypershap " + command + r"[ `]", line)]
    if not rows:
        problems.append(f"{command}: no row `hypershap {command} ...` in README's Commands table")
        continue
    synopsis = " ".join(row.split("` |")[0] for row in rows)
    readme_options = set(OPTION.findall(synopsis))

    help_options = []  # each option with its names, e.g. ['-o', '--output']
    game_line = ""
    for line in section(text, "Options", ["Exit codes"]).splitlines():
        m = re.match(r"\s+((?:-\w,)?--?[\w-]+)", line)
        if m and m.group(1) != "-h,--help":
            help_options.append(m.group(1).split(","))
            if m.group(1) == "--game":
                game_line = line
    help_names = {name for names in help_options for name in names}
    for names in help_options:
        if not any(name in readme_options for name in names):
            problems.append(f"{command}: --help lists {','.join(names)}, its README row does not")
    for name in sorted(readme_options - help_names):
        problems.append(f"{command}: its README row names {name}, --help does not list it")

    for m in re.finditer(r"^  ([A-Z][A-Z_]*)\s", section(text, "Positionals", ["Options"]), re.M):
        if not re.search(r"hypershap " + command + r" (\[)?" + m.group(1) + r"\b", synopsis):
            problems.append(f"{command}: positional {m.group(1)} of --help is not in its README row")

    readme_all = re.search(r"--game G\\?\|all", synopsis) is not None
    help_all = re.search(r"\ball\b", game_line) is not None
    if game_line and readme_all != help_all:
        problems.append(f"{command}: --game all is mentioned in "
                        f"{'the README' if readme_all else '--help'} only")

    help_codes = sorted(int(c) for c in re.findall(r"^  (\d+)\s", section(text, "Exit codes", []),
                                                     re.M))
    if command not in codes_table:
        problems.append(f"{command}: no row in README's table of exit codes per command")
    elif codes_table[command] != help_codes:
        problems.append(f"{command}: --help lists exit codes {help_codes}, README "
                        f"{codes_table[command]}")

for p in problems:
    print("MISMATCH:", p)
print(f"{len(commands)} commands checked, {len(problems)} mismatches")
sys.exit(1 if problems else 0)
