"""The variation corpus of issue 20 (tools/make_variants.py is its command line):
    wording   word lists, Vietnamese figures and dates, the phrasings of the metrics
    axes      the axes of the house styles, defects, subsets, formats, criteria, covering design
    report    a report as blocks, with its truth
    fodt      the blocks as ODF flat XML in the document's typography
    corpus    the documents and the plan of one seed
    office    PDF, DOCX and ODT by LibreOffice from the .fodt sources
    scans     degraded page images of some PDFs
    truth     the truth files and the manifest
"""
