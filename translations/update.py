#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Refreshes the .ts files from the sources and keeps what is already translated.

lupdate files a message under its class (its context): when code moves to another class,
its strings come back unfinished although their words did not change. This runs lupdate,
then gives every unfinished message the finished translation that the same source text
had anywhere before, and, with --fill FILE (JSON: {"source": "translation" or
["singular", "plural"]}), the translations of new texts. What is still missing is listed.

Usage: translations/update.py LUPDATE [--fill de.json] [--fill-en en.json]
"""
import argparse
import copy
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def finished_translations(path):
    known = {}
    for message in ET.parse(path).getroot().iter('message'):
        translation = message.find('translation')
        # Finished, or vanished/obsolete (still translated): worth keeping.
        if translation is None or translation.get('type') == 'unfinished':
            continue
        key = (message.findtext('source'), message.get('numerus') == 'yes')
        known.setdefault(key, translation)
    return known


def fill(translation, value):
    for child in list(translation):
        translation.remove(child)
    if isinstance(value, list):
        translation.text = '\n            '
        for i, form in enumerate(value):
            element = ET.SubElement(translation, 'numerusform')
            element.text = form
            element.tail = '\n            ' if i + 1 < len(value) else '\n        '
    else:
        translation.text = value
    translation.attrib.pop('type', None)


def update(lupdate, ts, plural_only, extra):
    known = finished_translations(ts)
    args = [lupdate, '-silent', '-locations', 'none', '-no-obsolete']
    if plural_only:
        args.append('-pluralonly')
    subprocess.run(args + [os.path.join(ROOT, 'app'), os.path.join(ROOT, 'ui'), '-ts', ts], check=True)
    tree = ET.parse(ts)
    missing = []
    for message in tree.getroot().iter('message'):
        translation = message.find('translation')
        if translation is None or translation.get('type') != 'unfinished':
            continue
        source = message.findtext('source')
        numerus = message.get('numerus') == 'yes'
        if source in extra:
            fill(translation, extra[source])
        elif (source, numerus) in known:
            done = known[(source, numerus)]
            for child in list(translation):
                translation.remove(child)
            translation.text = done.text
            for child in done:
                translation.append(copy.deepcopy(child))
            translation.attrib.pop('type', None)
        else:
            missing.append(source)
    tree.write(ts, encoding='utf-8', xml_declaration=True)
    # lupdate's own layout (DOCTYPE, indentation) back.
    subprocess.run(args + [os.path.join(ROOT, 'app'), os.path.join(ROOT, 'ui'), '-ts', ts], check=True)
    for source in missing:
        print(f'{os.path.basename(ts)}: missing: {source}')
    return not missing


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('lupdate')
    parser.add_argument('--fill', help='JSON with German translations of new texts')
    parser.add_argument('--fill-en', help='JSON with English plural forms of new texts')
    options = parser.parse_args()
    load = lambda path: __import__('json').load(open(path, encoding='utf-8')) if path else {}
    ok = update(options.lupdate, os.path.join(ROOT, 'translations', 'pgsessions_de.ts'), False, load(options.fill))
    ok = update(options.lupdate, os.path.join(ROOT, 'translations', 'pgsessions_en.ts'), True, load(options.fill_en)) and ok
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
