#!/usr/bin/python3
"""MNE's reading of the EDF/BDF test recordings (evoke-eeg/src/test/resources/edf/), the physical reference.

    /usr/bin/python3 tools/edf/mne_reference.py evoke-eeg/src/test/resources/edf

Debian's python3-mne (MNE-Python) reads every recording tools/edf/make_fixtures.c wrote and saves, per file:
  NAME.mne.json  MNE's version, the channel names, sampling rate, the channels whose values are saved (those at the
                 file's highest rate: MNE resamples the others), annotations (onset and duration in s, text) and, for
                 a BDF with a Status channel, mne.find_events' events (sample, previous value, new value);
  NAME.mne.bin   those channels' physical values in the file's own unit (MNE's volts divided back), float64
                 little-endian, channel after channel.
  NAME.chain128.bin  for the recordings with EEG electrodes: the pipeline's input as SciPy and NumPy make it from
                 MNE's values: every EEG channel (not ECG, not Status) in microvolts, resampled to 128 Hz by
                 scipy.signal.resample_poly, minus the mean over those channels (common average reference);
                 float64, channel after channel, in file order ('chain' in the json names them).
The Java tests compare to 1e-6 relative. Nothing here is read by the build.
"""
import json
import math
import sys
from pathlib import Path

import mne
import numpy as np
from scipy import signal

SCALE = {'uV': 1e-6, 'µV': 1e-6, 'mV': 1e-3, 'V': 1.0, 'nV': 1e-9}


def reference(path: Path):
    read = mne.io.read_raw_bdf if path.suffix == '.bdf' else mne.io.read_raw_edf
    raw = read(str(path), preload=True, verbose='error', stim_channel='Status' if path.suffix == '.bdf' else None)
    sfreq = raw.info['sfreq']
    units = raw._orig_units
    n_samps = raw._raw_extras[0]['n_samps']
    record = raw._raw_extras[0]['record_length'][0]
    names = raw.ch_names
    saved, rows = [], []
    for i, name in enumerate(names):
        if name == 'Status':
            continue
        if abs(n_samps[i] / record - sfreq) > 1e-9:
            continue  # resampled by MNE to the highest rate: not a reference for the file's values
        unit = units.get(name, '')
        rows.append(raw.get_data(picks=[i])[0] / SCALE.get(unit, 1.0))
        saved.append(name)
    out = {
        'mne_version': mne.__version__,
        'channels': names,
        'sfreq': sfreq,
        'saved': saved,
        'samples': int(raw.n_times),
        'annotations': [[float(a['onset']), float(a['duration']), a['description']] for a in raw.annotations],
    }
    if 'Status' in names:
        ev = mne.find_events(raw, stim_channel='Status', consecutive=True, shortest_event=1, min_duration=0,
                             initial_event=True, verbose='error')
        out['events'] = ev.tolist()
    np.asarray(rows, dtype='<f8').tofile(str(path) + '.mne.bin')
    eeg = [i for i, name in enumerate(saved) if name not in ('ECG',)]
    if path.name in ('edfplus.edf', 'biosemi.bdf'):
        g = math.gcd(128, int(sfreq))
        chain = np.asarray([signal.resample_poly(rows[i], 128 // g, int(sfreq) // g) for i in eeg])
        chain = chain - chain.mean(axis=0, keepdims=True)
        chain.astype('<f8').tofile(str(path) + '.chain128.bin')
        out['chain'] = [saved[i] for i in eeg]
    Path(str(path) + '.mne.json').write_text(json.dumps(out, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')


if __name__ == '__main__':
    d = Path(sys.argv[1])
    for name in ['edfplus.edf', 'bdfplus.bdf', 'plain.edf', 'edfplus_d.edf', 'biosemi.bdf']:
        reference(d / name)
