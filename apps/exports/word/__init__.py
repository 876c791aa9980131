"""The outline as a Word (.docx) file, and Word drafts read back in.

``reference.docx`` holds the house style (fonts, sizes, headings, page set-up);
``writer`` fills a copy of it from the same print document as the PDF.
"""
