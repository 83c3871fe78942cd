/**
 * Lab Streaming Layer (LSL) in pure Java, protocol 1.10 as liblsl (sccn/liblsl, MIT) speaks it, so that a headset's
 * LSL stream reaches the recogniser without a native library: {@link org.evoke.eeg.lsl.LslResolver} finds streams
 * by an XPath query ({@code type='EEG'}, {@code name='Muse'}) with liblsl's UDP "LSL:shortinfo" requests;
 * {@link org.evoke.eeg.lsl.LslInlet} reads the full description (channel labels) and the data feed (handshake, the
 * two test-pattern samples, samples with transmitted or deduced timestamps; float32, double64, int16, int32, int64,
 * int8), corrects timestamps by the clock offset measured with "LSL:timedata", and reconnects when the outlet
 * restarts; {@link org.evoke.eeg.lsl.LslOutlet} serves a stream the same way, for liblsl's inlets and LSL tools.
 * <p>
 * Where packets go is {@link org.evoke.eeg.lsl.LslConfig}'s business: {@link org.evoke.eeg.lsl.LslConfig#loopback()}
 * (unicast to 127.0.0.1 only, sockets bound to 127.0.0.1, no multicast group joined, no broadcast) is the default
 * and what every test uses; {@link org.evoke.eeg.lsl.LslConfig#lab(java.util.List)} adds unicast to known hosts;
 * {@link org.evoke.eeg.lsl.LslConfig#network()} also sends to liblsl's multicast groups and the broadcast address,
 * as liblsl does on a lab network.
 */
package org.evoke.eeg.lsl;
