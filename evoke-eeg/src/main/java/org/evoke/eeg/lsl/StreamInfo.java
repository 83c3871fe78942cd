package org.evoke.eeg.lsl;

import org.evoke.tensor.io.OneLine;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stream's description, the XML document LSL exchanges ({@code <info>} with name, type, channel_count,
 * nominal_srate, channel_format, source_id, version, created_at, uid, session_id, hostname, the ports, and a
 * free-form {@code <desc>} where EEG streams list their channels: {@code <channels><channel><label>Fp1</label>
 * <unit>microvolts</unit>...}).
 */
public record StreamInfo(String name, String type, int channelCount, double nominalRate, ChannelFormat format,
                         String sourceId, String uid, String sessionId, String hostname, int dataPort, int servicePort,
                         double createdAt, List<String> labels, List<String> units) {

    public StreamInfo {
        labels = List.copyOf(labels);
        units = List.copyOf(units);
    }

    /** Parses an {@code <info>} document; anything missing or malformed is one line naming {@code from}. */
    public static StreamInfo parse(String xml, String from) throws LslException {
        Element info;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() { // no "[Fatal Error]" on stderr
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }
            });
            Document d = b.parse(new InputSource(new StringReader(xml)));
            info = d.getDocumentElement();
        } catch (Exception e) {
            throw new LslException(from + ": not an LSL stream description (" + OneLine.of(String.valueOf(e.getMessage())) + ")");
        }
        if (!"info".equals(info.getTagName())) {
            throw new LslException(from + ": an XML document whose root is <" + info.getTagName() + ">, not <info>");
        }
        String name = text(info, "name", from, true);
        int channels = integer(info, "channel_count", from);
        if (channels < 1 || channels > 65_536) {
            throw new LslException(from + ": stream '" + name + "' declares " + channels + " channels");
        }
        String fmt = text(info, "channel_format", from, true);
        ChannelFormat format = ChannelFormat.of(fmt);
        if (format == null) {
            throw new LslException(from + ": stream '" + name + "' has an unknown channel format '" + fmt + "'");
        }
        double rate = real(info, "nominal_srate", from);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new LslException(from + ": stream '" + name + "' has a nominal rate of " + rate);
        }
        List<String> labels = new ArrayList<>(), units = new ArrayList<>();
        NodeList desc = info.getElementsByTagName("desc");
        if (desc.getLength() > 0) {
            NodeList chans = ((Element) desc.item(0)).getElementsByTagName("channel");
            for (int i = 0; i < chans.getLength(); i++) {
                Element c = (Element) chans.item(i);
                labels.add(child(c, "label"));
                units.add(child(c, "unit"));
            }
        }
        return new StreamInfo(name, text(info, "type", from, false), channels, rate, format,
                text(info, "source_id", from, false), text(info, "uid", from, false),
                text(info, "session_id", from, false), text(info, "hostname", from, false),
                optionalInt(info, "v4data_port"), optionalInt(info, "v4service_port"),
                optionalReal(info, "created_at"), labels, units);
    }

    /** Whether this description matches an LSL query (an XPath 1.0 predicate on {@code <info>}, as liblsl's). */
    public boolean matches(String query) throws LslException {
        if (query == null || query.isBlank()) {
            return true;
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document d = f.newDocumentBuilder().parse(new InputSource(new StringReader(toXml(false))));
            return (Boolean) XPathFactory.newInstance().newXPath().evaluate(query, d.getDocumentElement(),
                    XPathConstants.BOOLEAN);
        } catch (XPathExpressionException e) {
            throw new LslException("LSL query \"" + query + "\" is not a valid XPath predicate");
        } catch (Exception e) {
            throw new LslException("stream '" + name + "': " + OneLine.of(String.valueOf(e.getMessage())));
        }
    }

    /** The document: shortinfo (an empty {@code <desc>}) or fullinfo (the channels). */
    public String toXml(boolean full) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\"?>\n<info>\n");
        tag(s, "name", name);
        tag(s, "type", type);
        tag(s, "channel_count", Integer.toString(channelCount));
        tag(s, "channel_format", format.xml());
        tag(s, "source_id", sourceId);
        tag(s, "nominal_srate", String.format(Locale.ROOT, "%.13f", nominalRate));
        tag(s, "version", "1.100000000000000");
        tag(s, "created_at", String.format(Locale.ROOT, "%.11f", createdAt));
        tag(s, "uid", uid);
        tag(s, "session_id", sessionId);
        tag(s, "hostname", hostname);
        tag(s, "v4address", "");
        tag(s, "v4data_port", Integer.toString(dataPort));
        tag(s, "v4service_port", Integer.toString(servicePort));
        tag(s, "v6address", "");
        tag(s, "v6data_port", "0");
        tag(s, "v6service_port", "0");
        if (!full || labels.isEmpty()) {
            s.append("\t<desc />\n");
        } else {
            s.append("\t<desc>\n\t\t<channels>\n");
            for (int i = 0; i < labels.size(); i++) {
                s.append("\t\t\t<channel>\n\t\t\t\t<label>").append(escape(labels.get(i))).append("</label>\n")
                        .append("\t\t\t\t<unit>").append(escape(units.get(i))).append("</unit>\n")
                        .append("\t\t\t\t<type>").append(escape(type)).append("</type>\n\t\t\t</channel>\n");
            }
            s.append("\t\t</channels>\n\t</desc>\n");
        }
        return s.append("</info>\n").toString();
    }

    /** The same description with the ports an outlet serves on. */
    StreamInfo withPorts(int data, int service) {
        return new StreamInfo(name, type, channelCount, nominalRate, format, sourceId, uid, sessionId, hostname, data,
                service, createdAt, labels, units);
    }

    /** The same description with channel labels and units (from a fullinfo answer). */
    StreamInfo withChannels(List<String> labels, List<String> units) {
        return new StreamInfo(name, type, channelCount, nominalRate, format, sourceId, uid, sessionId, hostname,
                dataPort, servicePort, createdAt, labels, units);
    }

    private static void tag(StringBuilder s, String tag, String v) {
        s.append('\t').append('<').append(tag).append('>').append(escape(v)).append("</").append(tag).append(">\n");
    }

    private static String escape(String v) {
        return v == null ? "" : v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }

    private static String child(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) {
                return clean(c.getTextContent());
            }
        }
        return "";
    }

    /** Text as it may appear in a message: control characters (line breaks among them) shown as '?'. */
    static String clean(String t) {
        return OneLine.printable(t.strip());
    }

    private static String text(Element info, String tag, String from, boolean required) throws LslException {
        for (Node n = info.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) {
                return clean(c.getTextContent());
            }
        }
        if (required) {
            throw new LslException(from + ": the stream description has no <" + tag + ">");
        }
        return "";
    }

    private static int integer(Element info, String tag, String from) throws LslException {
        String t = text(info, tag, from, true);
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new LslException(from + ": <" + tag + "> is not a whole number: '" + t + "'");
        }
    }

    private static double real(Element info, String tag, String from) throws LslException {
        String t = text(info, tag, from, true);
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new LslException(from + ": <" + tag + "> is not a number: '" + t + "'");
        }
    }

    private static int optionalInt(Element info, String tag) {
        try {
            return Integer.parseInt(text(info, tag, "", false));
        } catch (NumberFormatException | LslException e) {
            return 0;
        }
    }

    private static double optionalReal(Element info, String tag) {
        try {
            return Double.parseDouble(text(info, tag, "", false));
        } catch (NumberFormatException | LslException e) {
            return 0;
        }
    }

}
