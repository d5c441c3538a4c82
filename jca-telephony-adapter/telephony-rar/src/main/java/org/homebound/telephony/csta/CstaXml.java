package org.homebound.telephony.csta;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * A received CSTA message as a read-only tree, parsed the hostile-input way: a DOCTYPE is refused
 * outright (so no external entity, no entity expansion - XXE and "billion laughs" never reach the
 * expander), no external DTD or schema is fetched, no XInclude. Elements are found by local name:
 * switches differ in prefixes and in which edition's namespace they use.
 */
public final class CstaXml {

    private static final DocumentBuilderFactory FACTORY = hardenedFactory();
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(CstaXml::newBuilder);
    private static final ErrorHandler FAIL = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // not an error
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private final Element element;

    private CstaXml(Element element) {
        this.element = element;
    }

    /** Parses one frame's XML; anything that is not a well-formed, DOCTYPE-free document is a {@link CstaProtocolException}. */
    public static CstaXml parse(byte[] xml) throws CstaProtocolException {
        DocumentBuilder builder = BUILDER.get();
        try {
            Document document = builder.parse(new ByteArrayInputStream(xml));
            return new CstaXml(document.getDocumentElement());
        } catch (SAXException e) {
            throw new CstaProtocolException("XML refused: " + oneLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new CstaProtocolException("XML unreadable: " + oneLine(e.getMessage()), e);
        }
    }

    /** The element's local name: the message type at the root ("DeliveredEvent"). */
    public String name() {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    public String namespace() {
        return element.getNamespaceURI() == null ? "" : element.getNamespaceURI();
    }

    /** The first descendant (depth first) with this local name. */
    public Optional<CstaXml> find(String localName) {
        NodeList all = element.getElementsByTagNameNS("*", localName);
        return all.getLength() == 0 ? Optional.empty() : Optional.of(new CstaXml((Element) all.item(0)));
    }

    /** Follows direct children by local name: {@code path("connection", "callID")}. */
    public Optional<CstaXml> path(String... names) {
        CstaXml at = this;
        for (String n : names) {
            CstaXml next = at.child(n);
            if (next == null) {
                return Optional.empty();
            }
            at = next;
        }
        return Optional.of(at);
    }

    /** Text of the element at {@code path}, trimmed; empty if absent. */
    public String text(String... path) {
        return path(path).map(CstaXml::text).orElse("");
    }

    /** This element's own text, trimmed. */
    public String text() {
        return element.getTextContent() == null ? "" : element.getTextContent().trim();
    }

    public List<CstaXml> children() {
        List<CstaXml> out = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(new CstaXml(e));
            }
        }
        return out;
    }

    private CstaXml child(String localName) {
        for (CstaXml c : children()) {
            if (c.name().equals(localName)) {
                return c;
            }
        }
        return null;
    }

    /** Escapes text for an element's content or an attribute value. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        continue; // not allowed in XML 1.0 at all
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return name();
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ");
    }

    private static DocumentBuilderFactory hardenedFactory() {
        // The JDK's own parser, not whatever a container puts on the class path: the features below are its names.
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        try {
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setValidating(false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be hardened: " + e.getMessage(), e);
        }
        return f;
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilder b;
            synchronized (FACTORY) {
                b = FACTORY.newDocumentBuilder();
            }
            b.setErrorHandler(FAIL);
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId + " refused");
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
